"""The HTML report printed to PDF by Debian's Chromium through Playwright (no downloaded browser).

The font is loaded by @font-face from the shipped file, so the PDF embeds it whatever fonts the
machine has. Chromium runs in a worker thread: Playwright's sync API refuses to run inside a thread
that already has an event loop (as under an async server or a test session using Playwright).
"""

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("GUIFAN_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
FOOTER = (
    '<div style="width:100%;text-align:center;font-size:14pt;font-family:serif">'
    '— <span class="pageNumber"></span> —</div>'
)


class PdfUnavailable(Exception):
    """No Chromium on this machine."""


def _print(html: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        page_file = Path(folder) / "report.html"
        page_file.write_text(html, encoding="utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                page = browser.new_page()
                page.goto(page_file.as_uri(), wait_until="load")
                page.evaluate("document.fonts.ready.then(() => true)")
                return page.pdf(
                    format="A4",
                    margin={"top": "37mm", "bottom": "35mm", "left": "28mm", "right": "26mm"},
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=FOOTER,
                    print_background=True,
                    prefer_css_page_size=True,
                )
            finally:
                browser.close()


def html_to_pdf(html: str) -> bytes:
    if not Path(CHROMIUM).exists():
        raise PdfUnavailable(f"未找到 Chromium（{CHROMIUM}），无法生成 PDF；请改用 Word 格式。")
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_print, html).result()
