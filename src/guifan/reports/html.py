"""The report as one HTML file (and, printed by Chromium, as PDF) in the shipped Chinese font."""

import base64

from django.template.loader import render_to_string

from .chart import FONT
from .document import Chart, Document, Para, Table


def _cells(table: Table) -> list[list[dict]]:
    spans = {(top, left): (bottom - top + 1, right - left + 1) for top, left, bottom, right in table.merges}
    out = []
    for r, row in enumerate(table.rows):
        cells = []
        for c, text in enumerate(row):
            if text is None:
                continue
            rows, cols = spans.get((r, c), (1, 1))
            cells.append({"text": text, "rowspan": rows, "colspan": cols, "head": r < table.header_rows})
        out.append(cells)
    return out


def blocks_for_template(document: Document) -> list[dict]:
    items = []
    for n, block in enumerate(document.blocks):
        if isinstance(block, Para):
            items.append({"kind": "para", "role": block.role, "text": block.text})
        elif isinstance(block, Table):
            cells = _cells(block)
            items.append(
                {
                    "kind": "table",
                    "id": f"t{n}",
                    "caption": block.caption,
                    "head": cells[: block.header_rows],
                    "body": cells[block.header_rows :],
                }
            )
        elif isinstance(block, Chart) and block.png:
            items.append(
                {
                    "kind": "chart",
                    "title": block.title,
                    "alt": block.alt,
                    "src": "data:image/png;base64," + base64.b64encode(block.png).decode(),
                }
            )
    return items


def render_html(document: Document, *, title: str, font_url: str = "") -> str:
    """font_url: where the browser finds the font (a file: URL when Chromium prints the PDF)."""
    return render_to_string(
        "reports/report.html",
        {"title": title, "blocks": blocks_for_template(document), "font_url": font_url or FONT.as_uri()},
    )
