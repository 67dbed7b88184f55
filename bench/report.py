"""Benchmark: the self-evaluation report of a programme with 1,000 institutions and 100,000 survey
answers, in each format (target: under 2 s for .docx).

Set-up: the demo, then 988 more institutions approved and paid, and 10,000 questionnaires of 10
answers, by bulk inserts (not the services) for speed. What is timed is `report_generate`: gathering
the figures, building the document (chart included), the consistency check and rendering. Run with
`.venv/bin/python bench/report.py`; a throw-away SQLite database is used unless DATABASE_URL is set.
"""

import os
import random
import resource
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

INSTITUTIONS = 1_000
ANSWERS = 100_000


def build() -> None:
    from guifan.accounts.models import User
    from guifan.funds.models import Enrolment, FundingSource, LedgerEntry, Programme
    from guifan.grading.constants import State
    from guifan.grading.models import Application
    from guifan.registry.models import Institution
    from guifan.surveys.constants import QuestionKind, Source
    from guifan.surveys.models import Answer, Response

    random.seed(2022)
    admin = User.objects.get(username="city")
    programme = Programme.objects.get(year=2022)
    source = FundingSource.objects.get(programme=programme)
    template = Application.objects.filter(programme=programme, state=State.PAID).first()
    counties = list(programme.counties.all())
    extra = INSTITUTIONS - Application.objects.filter(programme=programme, state=State.PAID).count()
    institutions = Institution.objects.bulk_create(
        [
            Institution(
                name=f"基准盲人按摩店{n:04d}",
                county=counties[n % len(counties)],
                responsible_person="张三",
                phone=f"139{n:08d}",
            )
            for n in range(extra)
        ]
    )
    enrolments = Enrolment.objects.bulk_create(
        [Enrolment(programme=programme, institution=i, accepted=True) for i in institutions]
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
        ]
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
        ]
    )
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


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="guifan-bench-"))
    os.environ.setdefault("GUIFAN_VAR", str(workdir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guifan.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from guifan.funds.models import Programme
    from guifan.reports.services import report_generate
    from guifan.surveys.models import Answer

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("demo", stdout=quiet)
    build()
    programme = Programme.objects.get(year=2022)
    print(
        f"database: {connection.vendor}; institutions paid: {INSTITUTIONS}; "
        f"answers: {Answer.objects.count():,}"
    )
    for fmt, repeats in (("docx", 5), ("html", 5), ("pdf", 3)):
        timings = []
        for _ in range(repeats):
            started = time.perf_counter()
            report = report_generate(by=None, programme=programme, fmt=fmt, acknowledge=True)
            timings.append(time.perf_counter() - started)
        print(
            f"{fmt}: median {statistics.median(timings):.2f} s, max {max(timings):.2f} s "
            f"({len(report.content) / 1e6:.1f} MB, {len(report.findings)} findings acknowledged)"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak:.0f} MB")


if __name__ == "__main__":
    main()
