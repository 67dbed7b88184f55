"""Every format a self-evaluation report or form arrives in, read into the same report blocks, so
that every rule of the checker works on every format.

| suffix | reader |
|---|---|
| .docx | python-docx (`docx.py`) |
| .xlsx | openpyxl, merged cells kept, numbers as Excel shows them (`xlsx.py`) |
| .pdf | pdfplumber: tables by ruling lines, text by position; no text layer → refused (`pdf.py`) |
| .doc, .wps | converted by LibreOffice, then read as .docx (`legacy.py`) |
"""

from pathlib import PurePath
from typing import IO

from ..document import Document
from .docx import read_docx
from .errors import UnreadableReport

SUFFIXES = (".docx", ".xlsx", ".pdf", ".doc", ".wps")
ACCEPTED = "Word（.docx、.doc）、WPS（.wps）、Excel（.xlsx）或 PDF"

__all__ = ["ACCEPTED", "SUFFIXES", "UnreadableReport", "read_docx", "read_report", "suffix_of"]


def suffix_of(name: str) -> str:
    return PurePath(name).suffix.lower()


def read_report(source: str | IO[bytes], name: str = "") -> Document:
    """The file's blocks, by its suffix (a path's own, or `name` for an upload or a zip member)."""
    suffix = suffix_of(name or (source if isinstance(source, str) else getattr(source, "name", "")))
    if suffix == ".docx":
        return read_docx(source)
    if suffix == ".xlsx":
        from .xlsx import read_xlsx

        return read_xlsx(source)
    if suffix == ".pdf":
        from .pdf import read_pdf

        return read_pdf(source)
    if suffix in (".doc", ".wps"):
        from .legacy import read_legacy

        return read_legacy(source, suffix)
    raise UnreadableReport(f"不支持的文件类型（{suffix or '无扩展名'}）：请提供 {ACCEPTED} 文件。")
