"""Benchmark: checking a folder of published self-evaluation forms, as a finance bureau receives them.

Copies the corpus files (tests/reports/corpus/files: .docx, .xlsx, .pdf, .doc) round-robin into a
folder of `--count` forms, then, in this process and on the same files:
- the **anchor**: the bare libraries opening every file — python-docx, openpyxl, pdfplumber's
  tables, and LibreOffice converting a .doc — which any checker pays;
- Guifan's `check_path` (read, recognise, check, one result per file), and the summary workbook.
Prints wall and CPU time of both, forms per second and the ratio.

    .venv/bin/python bench/check_reports.py [--count 200]
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "reports" / "corpus" / "files"


def bare_read(path: Path, folder: str) -> None:
    suffix = path.suffix.lower()
    if suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        [c.text for t in document.tables for row in t.rows for c in row.cells]
    elif suffix == ".xlsx":
        import openpyxl

        list(openpyxl.load_workbook(path, data_only=True).active.iter_rows(values_only=True))
    elif suffix == ".pdf":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            [t.extract() for page in pdf.pages for t in page.find_tables()]
    elif suffix == ".doc":
        profile = Path(folder, "profile").as_uri()
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "docx",
                "--outdir",
                folder,
                str(path),
            ],
            check=True,
            capture_output=True,
        )


def timed(run) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    children = os.times().children_user + os.times().children_system
    run()
    cpu_children = os.times().children_user + os.times().children_system - children
    return time.perf_counter() - wall, time.process_time() - cpu + cpu_children


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guifan.settings")
    os.environ.setdefault("GUIFAN_VAR", tempfile.mkdtemp(prefix="guifan-bench-"))
    import django

    django.setup()
    from guifan.reports.batch import check_path, summary_workbook

    sources = sorted(CORPUS.iterdir())
    with tempfile.TemporaryDirectory() as folder:
        forms = Path(folder, "forms")
        forms.mkdir()
        for n in range(args.count):
            source = sources[n % len(sources)]
            shutil.copy(source, forms / f"{n:03d}-{source.name}")
        kinds = {
            s: sum(1 for p in forms.iterdir() if p.suffix == s) for s in (".docx", ".xlsx", ".pdf", ".doc")
        }
        print(f"{args.count} forms: " + ", ".join(f"{n} {s}" for s, n in kinds.items()))
        scratch = Path(folder, "scratch")
        scratch.mkdir()
        anchor = timed(lambda: [bare_read(p, str(scratch)) for p in sorted(forms.iterdir())])
        results: list = []
        guifan = timed(lambda: results.extend(check_path(forms)))
        summary = timed(lambda: summary_workbook(results).save(Path(folder, "summary.xlsx")))
    found = sum(len(r["findings"]) for r in results)
    unreadable = sum(r["status"] == "unreadable" for r in results)
    print(f"anchor (bare libraries open every file): {anchor[0]:.1f} s wall, {anchor[1]:.1f} s CPU")
    print(f"check_path: {guifan[0]:.1f} s wall, {guifan[1]:.1f} s CPU, {args.count / guifan[0]:.1f} forms/s")
    print(f"summary workbook: {summary[0] * 1000:.0f} ms; {found} findings, {unreadable} unreadable")
    print(f"check_path ÷ anchor: {guifan[0] / anchor[0]:.2f}× wall, {guifan[1] / anchor[1]:.2f}× CPU")


if __name__ == "__main__":
    main()
