"""The shipped font, the chart, the PDF and the Word document as LibreOffice opens it."""

import json
import os
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest
from django.core.management import call_command
from fontTools.ttLib import TTFont

from guifan.funds.models import Programme
from guifan.reports import chart, narrative, services
from guifan.reports.document import Chart

FONT_CHARS = set(TTFont(chart.FONT).getBestCmap())
ARTIFACTS = Path("test-artifacts")
REGIONS = Path(__file__).resolve().parents[2] / "src" / "guifan" / "regions" / "data" / "530100-kunming.json"
DEMO = Path(__file__).resolve().parents[2] / "src" / "guifan" / "demo" / "kunming-2022.json"


def missing(text: str) -> set[str]:
    return {ch for ch in text if not ch.isspace() and ord(ch) not in FONT_CHARS}


def test_the_font_covers_every_text_the_reports_print():
    texts = [b.default + b.title for b in narrative.BLOCKS]
    texts += [REGIONS.read_text(encoding="utf-8"), DEMO.read_text(encoding="utf-8")]
    texts += ["一二三四五六七八九十（）〔〕《》“”、。，；：％—①②③④⑤⑥喆"]
    assert missing("".join(texts)) == set()


def test_a_chart_renders_every_label_in_the_shipped_font_without_fallback():
    c = Chart(
        "图1　各一级指标权重分与得分",
        ["项目决策", "项目管理", "项目绩效", "满意度指标"],
        [("权重分", [20, 20, 50, 10]), ("得分", [20, 19.5, 46, 10])],
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)" on a fallback
        png = chart.bar_png(c)
    assert png.startswith(b"\x89PNG")
    assert missing(c.title + "".join(c.labels) + "权重分得分分") == set()
    assert chart.font_family() == "Noto Sans CJK SC"


def test_a_missing_glyph_would_be_reported():
    c = Chart("𠀀", ["𠀀"], [("𠀀", [1])])  # CJK Extension B: not in the subset
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        chart.bar_png(c)
    assert any("missing from font" in str(w.message) for w in caught)


def _fontconfig(tmp_path: Path) -> dict:
    """LibreOffice sees only the shipped font, as on a fresh machine with no Chinese font."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{chart.FONT.parent}</dir>'
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    return {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": str(tmp_path)}


needs_office = pytest.mark.skipif(
    not shutil.which("soffice") and os.environ.get("CI") != "true",
    reason="LibreOffice not installed (make test installs it as root)",
)


@needs_office
@pytest.mark.django_db
def test_libreoffice_converts_the_word_report_cleanly(tmp_path, capsys):
    call_command("demo")
    capsys.readouterr()
    report = services.report_generate(by=None, programme=Programme.objects.get(year=2022), fmt="docx")
    source = tmp_path / "report.docx"
    source.write_bytes(report.content)
    env = _fontconfig(tmp_path)
    done = subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    pdf = tmp_path / "report.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "绩效自评报告" in text and "92.52" in text and "87.5%" in text
    assert re.search(r"—\s*1\s*—", text)  # the page number in the official style
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "(A4)" in info
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(ARTIFACTS / "report-page")],
        check=True,
    )
    assert list(ARTIFACTS.glob("report-page*.png"))


@pytest.mark.skipif(
    not Path("/usr/bin/chromium").exists() and os.environ.get("CI") != "true", reason="Chromium not installed"
)
@pytest.mark.django_db
def test_the_pdf_embeds_the_shipped_font_and_has_the_figures(tmp_path, capsys):
    call_command("demo")
    capsys.readouterr()
    report = services.report_generate(by=None, programme=Programme.objects.get(year=2022), fmt="pdf")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(report.content)
    assert report.content.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "92.52" in text and "满意度得分" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert " yes " in fonts  # embedded


def test_the_html_report_is_tagged_chinese_with_captioned_tables():
    from guifan.reports.document import Document, Para, Table
    from guifan.reports.html import render_html

    html = render_html(Document([Para("标题", "title"), Table([["甲", "乙"], ["1", "2"]], "表1")]), title="t")
    assert '<html lang="zh-Hans">' in html and "<caption>表1</caption>" in html and 'scope="col"' in html
    assert json.dumps("NotoSansCJKsc-Guifan.otf")[1:-1] in html
