"""The Word writer's tables, read back as a reader of the file would: every text as written
(markup characters, edge spaces, tabs, line breaks), every merged area, and a clear refusal of
text that Word cannot hold."""

import io

import pytest
from docx import Document as open_docx

from guifan.reports.document import Document, Table
from guifan.reports.readers import read_docx
from guifan.reports.word import write_docx

ROWS = [
    ["名称", "县区", "金额（万元）"],
    ["A&B <总店> “按摩”", " 五华区 ", "1.5"],
    ["甲\t乙", "第一行\n第二行", None],
    ["合计", None, "3"],
]
MERGES = [(1, 2, 2, 2), (3, 0, 3, 1)]  # 1.5 down two rows; 合计 across two columns


def written(table: Table) -> bytes:
    out = io.BytesIO()
    write_docx(Document([table]), out, title="表格")
    return out.getvalue()


def test_every_cell_text_reads_back_as_written():
    content = written(Table([list(r) for r in ROWS], "表1　测试", merges=[]))
    cells = [[c.text for c in row.cells] for row in open_docx(io.BytesIO(content)).tables[0].rows]
    assert cells[1] == ["A&B <总店> “按摩”", " 五华区 ", "1.5"]
    assert cells[2] == ["甲\t乙", "第一行\n第二行", ""]
    assert cells[0][0] == "名称"


def test_merged_areas_read_back_as_merged():
    rows = [list(r) for r in ROWS]
    rows[3][1] = None
    table = read_docx(io.BytesIO(written(Table(rows, "表1　测试", merges=MERGES)))).blocks[-1]
    assert sorted(table.merges) == sorted(MERGES)
    assert table.rows[3][:2] == ["合计", None]
    assert [r[2] for r in table.rows[1:3]] == ["1.5", None]


def test_header_rows_repeat_on_every_page_and_are_bold():
    content = written(Table([list(r) for r in ROWS], "表1　测试", header_rows=2))
    rows = open_docx(io.BytesIO(content)).tables[0].rows
    assert [r._tr.trPr is not None and r._tr.trPr.find(HEADER) is not None for r in rows] == [
        True,
        True,
        False,
        False,
    ]
    assert all(run.bold for p in rows[1].cells[0].paragraphs for run in p.runs)
    assert not any(run.bold for p in rows[2].cells[0].paragraphs for run in p.runs)


HEADER = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader"


def test_a_control_character_is_refused_naming_its_cell():
    rows = [list(r) for r in ROWS]
    rows[2][0] = "坏\x07名字"
    with pytest.raises(ValueError, match="第3行第1列"):
        written(Table(rows, "表1　测试"))
