"""The Word report's every page as LibreOffice lays it out, with only the shipped font: no picture is
clipped, no table cell breaks a short word over lines. Each page is kept as a PNG in test-artifacts/."""

import io
import re
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from docx import Document as open_docx

from guifan.funds.models import Programme
from guifan.reports import services
from guifan.reports.builder import build
from guifan.reports.document import Table

from .pdfpages import broken_words, pictures, words
from .test_rendering import ARTIFACTS, _fontconfig, needs_office

pytestmark = [needs_office, pytest.mark.django_db]  # the mark makes pytest-django create the test database
EMU_PER_PT = 12700
NUMBER = re.compile(r"^[≥≤=<>]?[\d.,*%]+[^\d\s]{0,3}$")  # 100, 92.52分, 87.5%, 138****0002, 12家


def one_line_texts(table: Table) -> set[str]:
    """What a reader expects on one line in a table: data cells of up to 6 characters, every number,
    every county and person name (表1's 所属县区 and 负责人姓名 columns), headings of up to 4."""
    header = table.rows[table.header_rows - 1]
    names = {c for c, h in enumerate(header) if h and ("县区" in h or "姓名" in h) and "机构数" not in h}
    names -= {c for c, h in enumerate(header) if h and "资金" in h}
    texts = set()
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row):
            text = re.sub(r"\s+", "", cell or "")
            if not text:
                continue
            if r < table.header_rows:
                if len(text) <= 4:
                    texts.add(text)
            elif len(text) <= 6 or NUMBER.match(text) or c in names:
                texts.add(text)
    return {t for t in texts if len(t) >= 2}


def convert(docx: bytes, tmp_path: Path) -> Path:
    source = tmp_path / "report.docx"
    source.write_bytes(docx)
    done = subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True,
        text=True,
        timeout=180,
        env=_fontconfig(tmp_path),
    )
    pdf = tmp_path / "report.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr
    return pdf


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo's Word report converted once (the demo rolled back after), for the tests below:
    (the blocks it was built from, the .docx, the PDF, a folder)."""
    tmp = tmp_path_factory.mktemp("layout")
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", stdout=io.StringIO())
        programme = Programme.objects.get(year=2022)
        document = build(programme, with_chart=False)
        content = services.report_generate(by=None, programme=programme, fmt="docx").content
        transaction.set_rollback(True)
    pdf = convert(content, tmp)
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob("report-2022-page-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / "report-2022-page")], check=True
    )
    return document, content, pdf, tmp


def test_every_page_is_saved_as_a_png(rendered):
    _, _, pdf, _ = rendered
    assert len(list(ARTIFACTS.glob("report-2022-page-*.png"))) == page_count(pdf) > 10


def test_the_chart_is_drawn_whole_at_its_declared_height(rendered):
    _, content, pdf, tmp = rendered
    declared = [shape.height / EMU_PER_PT for shape in open_docx(io.BytesIO(content)).inline_shapes]
    drawn = [p for n in range(1, page_count(pdf) + 1) for p in pictures(pdf, n, tmp)]
    assert len(declared) == len(drawn) == 1  # 图1
    picture, height = drawn[0], declared[0]
    assert picture.drawn.height == pytest.approx(height, abs=1)
    assert picture.visible.height == pytest.approx(height, abs=1), (
        f"图1 on page {picture.page}: {picture.visible.height:.1f} pt of {height:.1f} pt visible"
    )


def test_no_table_cell_breaks_a_short_word_over_lines(rendered):
    document, _, pdf, _ = rendered
    tables = [b for b in document.blocks if isinstance(b, Table)]
    assert len(tables) == 5
    expected = set().union(*(one_line_texts(t) for t in tables))
    assert {"五华区", "徐美琼", "138****0002", "100", "96.00", "92.52", "87.5%"} <= expected
    broken = broken_words(words(pdf), expected)
    assert broken == [], "\n".join(
        f"page {page}: {text} as {' / '.join(lines)}" for text, page, lines in broken
    )
