"""A .docx written anywhere (Word, WPS, LibreOffice, python-docx) read into report blocks:
paragraphs and tables in document order, merged cells resolved to the merge's top-left cell."""

import zipfile
from typing import IO

from docx import Document as open_docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from lxml.etree import LxmlError

from .document import Document, Para, Table


class UnreadableReport(Exception):
    """The file is not a Word document this reader can open."""


def read_docx(source: str | IO[bytes]) -> Document:
    try:
        docx = open_docx(source)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, LxmlError) as error:
        raise UnreadableReport("无法读取该文件：请上传 Word 文档（.docx）。") from error
    document = Document()
    for item in docx.iter_inner_content():
        if isinstance(item, Paragraph):
            document.add(Para(item.text))
        elif isinstance(item, DocxTable):
            document.add(_table(item))
    return document


def _table(table: DocxTable) -> Table:
    """Cells by grid column: a horizontal span (gridSpan) and a vertical continuation (vMerge) are None."""
    rows: list[list[str | None]] = []
    for tr in table._tbl.tr_lst:
        row: list[str | None] = []
        for tc in tr.tc_lst:
            text = None if tc.vMerge == "continue" else _Cell(tc, table).text
            row.append(text)
            row.extend([None] * (tc.grid_span - 1))
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    return Table([r + [""] * (width - len(r)) for r in rows])
