"""A .docx written anywhere (Word, WPS, LibreOffice, python-docx) read into report blocks:
paragraphs and tables in document order, merged cells resolved to the merge's top-left cell."""

import zipfile
import zlib
from typing import IO

from docx import Document as open_docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from lxml.etree import LxmlError

from guifan.core.archives import HostileFile, check_archive

from ..document import Document, Para, Table
from .errors import UnreadableReport


def read_docx(source: str | IO[bytes]) -> Document:
    """The document's blocks; a hostile or broken file ends in UnreadableReport, never a blow-up:
    the archive's declared sizes are checked before python-docx inflates anything."""
    try:
        check_archive(source, "docx", name=getattr(source, "name", "") or "")
    except HostileFile as error:
        raise UnreadableReport(f"无法读取：{error}。") from error
    try:
        docx = open_docx(source)
        document = Document()
        for item in docx.iter_inner_content():
            if isinstance(item, Paragraph):
                document.add(Para(item.text))
            elif isinstance(item, DocxTable):
                document.add(_table(item))
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        zlib.error,  # a member whose data is broken past the part the archive check read
        EOFError,
        RuntimeError,
        NotImplementedError,
        KeyError,
        ValueError,
        LxmlError,
        IndexError,
    ) as error:
        raise UnreadableReport("无法读取该文件：请上传 Word 文档（.docx）。") from error
    return document


def _table(table: DocxTable) -> Table:
    """Cells by grid column: a horizontal span (gridSpan) and a vertical continuation (vMerge) are None,
    and every merged area is listed."""
    rows: list[list[str | None]] = []
    areas: dict[tuple[int, int], list[int]] = {}  # origin → [top, left, bottom, right]
    origin_of: dict[tuple[int, int], tuple[int, int]] = {}
    for r, tr in enumerate(table._tbl.tr_lst):
        row: list[str | None] = []
        for tc in tr.tc_lst:
            c, span = len(row), tc.grid_span
            above = origin_of.get((r - 1, c))
            if tc.vMerge == "continue" and above is not None:
                row.append(None)
                areas[above][2] = r
                origin = above
            else:
                row.append(_Cell(tc, table).text)
                origin = (r, c)
                areas[origin] = [r, c, r, c + span - 1]
            row.extend([None] * (span - 1))
            for k in range(c, c + span):
                origin_of[(r, k)] = origin
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    merges = [tuple(a) for a in areas.values() if a[2] > a[0] or a[3] > a[1]]
    return Table([r + [""] * (width - len(r)) for r in rows], merges=merges)
