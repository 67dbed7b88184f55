"""Build the corpus: every transcribed form in specs/*.json written as the file a finance bureau
would receive, in the format its spec names (SPEC.md says how the forms were transcribed).

- .docx: through Guifan's Word writer (merges as Word stores them: gridSpan across, vMerge down);
- .xlsx: one worksheet as a form is typed in Excel — numbers as numbers with the number format
  that prints them as on the page (0.00, 0%, 0.00%), merged ranges, text elsewhere;
- .pdf: the HTML of the same blocks printed by Chromium, so the PDF has a text layer and ruled
  table borders, as PDFs exported from Word and WPS have;
- .doc: the .docx converted by LibreOffice to Word 97–2003.

    .venv/bin/python tests/reports/corpus/build.py [ID …]

The built files are committed beside the specs (files/), so the tests need neither Chromium nor
LibreOffice to read them; run this again after changing a spec.
"""

import io
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPECS = HERE / "specs"
FILES = HERE / "files"
PERCENT = re.compile(r"^(-?\d+(?:\.(\d+))?)%$")
PLAIN = re.compile(r"^-?\d+(?:\.(\d+))?$")


def specs(ids: list[str] | None = None) -> list[dict]:
    out = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(SPECS.glob("*.json"))]
    return [s for s in out if not ids or s["id"] in ids]


def document(spec: dict):
    """The spec as Guifan's report blocks: the title and paragraphs around the tables."""
    from guifan.reports.document import Document, Para, Table

    doc = Document()
    doc.add(Para(spec.get("title", ""), role="title"))
    for text in spec.get("before", []):
        doc.add(Para(text))
    for table in spec["tables"]:
        merges = [tuple(m) for m in table.get("merges", [])]
        doc.add(Table([list(r) for r in table["rows"]], header_rows=0, merges=merges))
    for text in spec.get("after", []):
        doc.add(Para(text))
    return doc


def docx_bytes(spec: dict) -> bytes:
    from guifan.reports.services import render

    return render(document(spec), "docx", spec.get("title", ""))


def pdf_bytes(spec: dict) -> bytes:
    from guifan.reports.services import render

    return render(document(spec), "pdf", spec.get("title", ""))


def doc_bytes(spec: dict) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "form.docx"
        source.write_bytes(docx_bytes(spec))
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "doc", "--outdir", folder, str(source)],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return (Path(folder) / "form.doc").read_bytes()


def xlsx_bytes(spec: dict) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "自评表"
    row = 1
    for text in [spec.get("title", ""), *spec.get("before", [])]:
        sheet.cell(row, 1, text)
        row += 1
    for table in spec["tables"]:
        for r, cells in enumerate(table["rows"]):
            for c, text in enumerate(cells):
                if text is not None:
                    _put(sheet.cell(row + r, c + 1), text)
        for top, left, bottom, right in table.get("merges", []):
            sheet.merge_cells(
                start_row=row + top, start_column=left + 1, end_row=row + bottom, end_column=right + 1
            )
        row += len(table["rows"]) + 1
    for text in spec.get("after", []):
        sheet.cell(row, 1, text)
        row += 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _put(cell, text: str) -> None:
    """A number typed into Excel is a number shown in the format that prints it as on the page."""
    if match := PERCENT.match(text):
        places = len(match.group(2) or "")
        cell.value = float(match.group(1)) / 100
        cell.number_format = "0" + ("." + "0" * places if places else "") + "%"
    elif match := PLAIN.match(text):
        places = len(match.group(1) or "")
        cell.value = float(text) if places else int(text)
        cell.number_format = "0." + "0" * places if places else "0"
    else:
        cell.value = text


WRITERS = {"docx": docx_bytes, "xlsx": xlsx_bytes, "pdf": pdf_bytes, "doc": doc_bytes}


def built_path(spec: dict) -> Path:
    return FILES / f"{spec['id']}.{spec['format']}"


def main(ids: list[str]) -> None:
    sys.path.insert(0, str(HERE.parents[2] / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guifan.settings")
    import django

    django.setup()
    FILES.mkdir(exist_ok=True)
    for spec in specs(ids or None):
        path = built_path(spec)
        path.write_bytes(WRITERS[spec["format"]](spec))
        print(f"{path.name}  {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])
