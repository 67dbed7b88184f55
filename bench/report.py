"""Benchmark: the self-evaluation report's .docx at 1,000, 3,000 and 10,000 institutions, against
bare python-docx writing the same tables, in the same process and run (target: ≤ 1.5×).

Set-up: the demo, 10,000 questionnaires of 10 answers (100,000 answers), then approved and paid
institutions added by bulk inserts (not the services) for speed, up to each size in turn.

For each size the report's blocks are built once, then timed alternately (median of 5):
- anchor: bare python-docx writing the same five tables — `Document()`, `add_table(rows, cols)`,
  `row.cells` once a row, `cell.text = …` for every non-empty cell, the same merged areas as the
  markup Word writes (python-docx's `tc.grid_span` and `tc.vMerge`), and `save()`. Not
  `cell.merge()`: it re-reads the table for every row it merges (10 s for the 1,000-row table
  alone), which would make the anchor slow and the ratio flatter than it is;
- Guifan: `write_docx` of the whole report (title, prose, chart, styles, page set-up and the five
  tables with their widths, fonts, repeated headers and merges) and its save.
Seconds are CPU seconds of the process (the write is in memory, so they are its wall time on an
idle machine, and other load does not distort them); the wall-clock ratio is printed beside.
Peak memory is the peak RSS (VmHWM) of one more write of each, in a fresh process given the same
blocks, and (in brackets) how far above that process's RSS just before the write it rose.
`report_generate` (gather, build, check, write) is timed too, and at 1,000 institutions the HTML and
PDF formats as before.

Run with `.venv/bin/python bench/report.py`; a throw-away SQLite database is used unless
DATABASE_URL is set. `--sizes 3000` runs one size only.
"""

import argparse
import io
import os
import pickle
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

SIZES = (1_000, 3_000, 10_000)
ANSWERS = 100_000
REPEATS = 5


def survey() -> None:
    """10,000 online questionnaires of 10 answers for the programme's questionnaire."""
    from guifan.evaluation.selectors import evaluation_for_report
    from guifan.evaluation.sources import survey_figures
    from guifan.funds.models import Programme
    from guifan.surveys.constants import QuestionKind, Source
    from guifan.surveys.models import Answer, Response

    random.seed(2022)
    programme = Programme.objects.get(year=2022)
    questionnaire = programme.questionnaires.first()
    questions = list(questionnaire.questions.filter(kind=QuestionKind.SCALE).prefetch_related("options"))
    surveyed = list(questionnaire.surveyed_counties.all())
    responses = Response.objects.bulk_create(
        [
            Response(
                questionnaire=questionnaire,
                source=Source.ONLINE,
                county=random.choice(surveyed),
                complete=True,
            )
            for _ in range(ANSWERS // len(questions))
        ],
        batch_size=5000,
    )
    weights = [60, 25, 10, 4, 1]
    options = {q.id: list(q.options.all()) for q in questions}
    batch = []
    for r in responses:
        for q in questions:
            batch.append(Answer(response=r, question=q, option=random.choices(options[q.id], weights)[0]))
        if len(batch) >= 20_000:
            Answer.objects.bulk_create(batch)
            batch.clear()
    Answer.objects.bulk_create(batch)
    # as if signed off after these answers came in, so the report lists the survey's table
    evaluation = evaluation_for_report(programme)
    evaluation.survey_snapshot = survey_figures(questionnaire)
    evaluation.save(update_fields=["survey_snapshot"])


def grow(institutions: int) -> None:
    """Approved and paid institutions up to `institutions` in all (with the demo's)."""
    from guifan.accounts.models import User
    from guifan.funds.models import Enrolment, FundingSource, LedgerEntry, Programme
    from guifan.grading.constants import State
    from guifan.grading.models import Application
    from guifan.registry.models import Institution

    admin = User.objects.get(username="city")
    programme = Programme.objects.get(year=2022)
    source = FundingSource.objects.get(programme=programme)
    paid = Application.objects.filter(programme=programme, state=State.PAID)
    template = paid.first()
    counties = list(programme.counties.all())
    start = Institution.objects.filter(name__startswith="基准").count()
    extra = institutions - paid.count()
    new = Institution.objects.bulk_create(
        [
            Institution(
                name=f"基准盲人按摩店{n:05d}",
                county=counties[n % len(counties)],
                responsible_person="张三",
                phone=f"139{n:08d}",
            )
            for n in range(start, start + extra)
        ],
        batch_size=2000,
    )
    enrolments = Enrolment.objects.bulk_create(
        [Enrolment(programme=programme, institution=i, accepted=True) for i in new], batch_size=2000
    )
    Application.objects.bulk_create(
        [
            Application(
                enrolment=e,
                programme=programme,
                institution=e.institution,
                county=e.institution.county,
                standard=template.standard,
                state=State.PAID,
                score=template.score,
                grade=template.grade,
            )
            for e in enrolments
        ],
        batch_size=2000,
    )
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                kind="payment",
                source=source,
                programme=programme,
                county=e.institution.county,
                enrolment=e,
                institution=e.institution,
                date=date(2022, 9, 1),
                document=f"B{e.pk}",
                amount=programme.subsidy_standard,
                created_by=admin,
            )
            for e in enrolments
        ],
        batch_size=2000,
    )


def anchor_docx(document, target) -> None:
    """Bare python-docx: the same tables, rows, columns, texts and merged areas, nothing else."""
    from docx import Document as new_docx

    from guifan.reports.document import Table

    docx = new_docx()
    for table in (b for b in document.blocks if isinstance(b, Table)):
        columns = max(len(r) for r in table.rows)
        out = docx.add_table(rows=len(table.rows), cols=columns)
        grid = []
        for row, values in zip(out.rows, table.rows, strict=True):
            cells = row.cells
            grid.append(cells)
            for cell, text in zip(cells, values, strict=False):
                if text:
                    cell.text = text
        for top, left, bottom, right in table.merges:
            for r in range(top, bottom + 1):
                first = grid[r][left]._tc
                for c in range(left + 1, right + 1):
                    first.getparent().remove(grid[r][c]._tc)
                if right > left:
                    first.grid_span = right - left + 1
                if bottom > top:
                    first.vMerge = "restart" if r == top else "continue"
    docx.save(target)


def guifan_docx(document, target) -> None:
    from guifan.reports.word import write_docx

    write_docx(document, target, title="基准")


def rss_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def timed(write, document) -> tuple[float, float]:
    """CPU and wall seconds of one write."""
    out = io.BytesIO()
    cpu, wall = time.process_time(), time.perf_counter()
    write(document, out)
    return time.process_time() - cpu, time.perf_counter() - wall


def peak(writer: str, saved: Path) -> tuple[float, float]:
    """Peak RSS (MB) of one write in a fresh process that reads the blocks from `saved`, and how far
    above that process's RSS just before the write: here, the heap left by earlier writes and the
    set-up would hide what a write needs."""
    done = subprocess.run(
        [sys.executable, __file__, "--peak", writer, str(saved)], capture_output=True, text=True, check=True
    )
    high, rise = done.stdout.split()
    return float(high), float(rise)


def peak_child(writer: str, saved: Path) -> None:
    from guifan.reports.document import Document, Table

    write = {"anchor": anchor_docx, "guifan": guifan_docx}[writer]
    write(Document([Table([["预热"]], "表")]), io.BytesIO())  # imports and first-use caches, not counted
    document = pickle.loads(saved.read_bytes())
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM from here on
    before = rss_mb("VmRSS")
    write(document, io.BytesIO())
    high = rss_mb("VmHWM")
    print(f"{high:.1f} {high - before:.1f}")


def compare(document, repeats: int, saved: Path) -> dict:
    """Per writer: medians of CPU and wall seconds, peak RSS and its rise; the medians of the ratios."""
    runs = {"anchor": [], "guifan": []}
    for _ in range(repeats):  # alternate so a slow moment of the machine falls on both
        runs["anchor"].append(timed(anchor_docx, document))
        runs["guifan"].append(timed(guifan_docx, document))
    saved.write_bytes(pickle.dumps(document))
    out = {
        name: (
            statistics.median(r[0] for r in rs),
            statistics.median(r[1] for r in rs),
            *peak(name, saved),
        )
        for name, rs in runs.items()
    }
    pairs = list(zip(runs["anchor"], runs["guifan"], strict=True))
    out["ratio"] = statistics.median(g[0] / a[0] for a, g in pairs)
    out["wall ratio"] = statistics.median(g[1] / a[1] for a, g in pairs)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--peak", nargs=2, metavar=("WRITER", "BLOCKS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peak:
        return peak_child(args.peak[0], Path(args.peak[1]))

    workdir = Path(tempfile.mkdtemp(prefix="guifan-bench-"))
    os.environ.setdefault("GUIFAN_VAR", str(workdir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guifan.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from guifan.funds.models import Programme
    from guifan.reports import builder
    from guifan.reports.document import Table
    from guifan.reports.pdf import PdfUnavailable
    from guifan.reports.services import report_generate
    from guifan.surveys.models import Answer

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("demo", stdout=quiet)
    survey()
    print(f"database: {connection.vendor}; answers: {Answer.objects.count():,}; median of {args.repeats}")
    print(
        f"{'institutions':>12} {'cells':>7} {'anchor s':>9} {'Guifan s':>9} {'ratio':>6} {'wall':>6} "
        f"{'anchor peak MB':>15} {'Guifan peak MB':>15} {'report_generate s':>18}"
    )
    for size in sorted(args.sizes):
        grow(size)
        programme = Programme.objects.get(year=2022)
        document = builder.build(programme, facts=builder.gather(programme))
        cells = sum(len(r) for b in document.blocks if isinstance(b, Table) for r in b.rows)
        figures = compare(document, args.repeats, workdir / "blocks.pickle")
        generate = []
        for _ in range(3):
            started = time.perf_counter()
            report_generate(by=None, programme=programme, fmt="docx", acknowledge=True)
            generate.append(time.perf_counter() - started)
        a, g = figures["anchor"], figures["guifan"]
        print(
            f"{size:>12,} {cells:>7,} {a[0]:>9.3f} {g[0]:>9.3f} {figures['ratio']:>5.2f}× "
            f"{figures['wall ratio']:>5.2f}× {a[2]:>7.0f} (+{a[3]:>4.0f}) {g[2]:>7.0f} (+{g[3]:>4.0f}) "
            f"{statistics.median(generate):>18.2f}",
            flush=True,
        )
        if size == min(args.sizes):
            for fmt, repeats in (("html", 3), ("pdf", 2)):
                timings = []
                try:
                    for _ in range(repeats):
                        started = time.perf_counter()
                        report = report_generate(by=None, programme=programme, fmt=fmt, acknowledge=True)
                        timings.append(time.perf_counter() - started)
                except PdfUnavailable as error:
                    print(f"{'':>12} report_generate {fmt}: skipped ({error})")
                    continue
                print(
                    f"{'':>12} report_generate {fmt} at {size:,}: median {statistics.median(timings):.2f} s "
                    f"({len(report.content) / 1e6:.1f} MB)",
                    flush=True,
                )


if __name__ == "__main__":
    main()
