"""National-scale data for the page benchmarks, built in minutes by bulk inserts.

Starts from the demo (`guifan demo`: the Kunming 2022 programme, one login per role with the demo
password, the standard, the questionnaire and the evaluations), then adds, at `--scale 1`:

- 20,000 institutions over the shipped counties;
- five programme years (2020–2024; 2021 and 2022 are the demo's), each with three funding sources
  more, its receipts and transfers to every county;
- 20,000 applications (12,000 in 2023, the big year, 2,000 in each other year) in every state, with
  county, city and re-inspections scored item by item: 1,000,000 item scores;
- 200,000 ledger entries: receipts, transfers, payments (one in five from the previous year's
  source) and reversals of some payments;
- the 2023 questionnaire with 100,000 responses of 10 answers (1,000,000 answers), and the 2023
  evaluations, computed;
- 100,000 audit events, one operator login per 200 institutions.

The set-up bypasses the services for speed (as bench/funds.py and bench/grading.py do); what the
benchmarks measure are the real pages. `--scale 0.1` builds 10% of every count.

    .venv/bin/python bench/scale.py [--scale 0.1] [--var DIR]

Uses the SQLite file in GUIFAN_VAR (a new temporary folder unless --var or GUIFAN_VAR is given), or
DATABASE_URL for PostgreSQL — whose schema `public` is dropped and made anew: point it at a
database of its own.
"""

import argparse
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

INSTITUTIONS = 20_000
APPLICATIONS = 20_000
ENTRIES = 200_000
SCORES = 1_000_000
ANSWERS = 1_000_000
AUDIT_EVENTS = 100_000
YEARS = [2020, 2021, 2022, 2023, 2024]
BIG_YEAR = 2023
BIG_SHARE = 0.6  # of the applications, in BIG_YEAR
SOURCES_PER_YEAR = 3
STANDARD = 2_000_000  # fen
BATCH = 10_000
PASSWORD = "guifan-demo-2022"  # the demo's (src/guifan/demo/kunming-2022.json)
# One login per role, all from the demo: username → role.
LOGINS = {
    "city": "city_admin",
    "panlong": "county_officer",
    "expert": "inspector",
    "qingyu": "operator",
    "auditor": "auditor",
}


def setup(var: str | None = None) -> Path:
    """Point Django at the benchmark database and set it up; return the GUIFAN_VAR folder."""
    folder = Path(var or os.environ.get("GUIFAN_VAR") or tempfile.mkdtemp(prefix="guifan-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["GUIFAN_VAR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guifan.settings")
    import django

    django.setup()
    return folder


def reset_database() -> None:
    """An empty, migrated database (the regions come with the migrations)."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    else:
        connection.close()
        Path(connection.settings_dict["NAME"]).unlink(missing_ok=True)
    call_command("migrate", verbosity=0)


def n_of(count: int, scale: float) -> int:
    return max(1, round(count * scale))


def bulk(model, rows, batch: int = BATCH) -> list:
    """bulk_create in batches, keeping memory flat; returns the created objects."""
    out: list = []
    chunk: list = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            out.extend(model.objects.bulk_create(chunk))
            chunk = []
    if chunk:
        out.extend(model.objects.bulk_create(chunk))
    return out


def reversal_of(payment, *, on: date, reason: str, by):
    """The ledger line that reverses a payment (what funds.services.entry_reverse writes), unsaved."""
    from guifan.funds.models import LedgerEntry

    return LedgerEntry(
        kind=payment.kind,
        source_id=payment.source_id,
        programme_id=payment.programme_id,
        county_id=payment.county_id,
        institution_id=payment.institution_id,
        enrolment_id=payment.enrolment_id,
        document=payment.document,
        amount=-payment.amount,
        date=on,
        reverses=payment,
        reason=reason,
        created_by=by,
    )


def build(scale: float = 1.0) -> dict[str, int]:
    """The demo plus national-scale data; returns the row counts made."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from guifan.accounts.models import User
    from guifan.audit.models import AuditEvent
    from guifan.demo.loading import load_demo
    from guifan.evaluation import services as evaluation_services
    from guifan.funds.models import Enrolment, FundingSource, LedgerEntry, Programme
    from guifan.grading.constants import InspectionKind, State
    from guifan.grading.models import Application, Inspection, ItemScore, Standard
    from guifan.regions.selectors import counties
    from guifan.registry.models import Institution
    from guifan.supervision.models import Grade
    from guifan.surveys.constants import RespondentType, Source
    from guifan.surveys.loading import load_survey_file
    from guifan.surveys.models import Answer, Question, Response

    random.seed(2022)
    if connection.vendor == "sqlite":
        # A build-sized page cache: with SQLite's default 2 MB, one big transaction spills to the
        # WAL and reads it back over and over (gigabytes of I/O for the 100% build).
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -4000000")
            cursor.execute("PRAGMA temp_store = MEMORY")
    load_demo()
    admin = User.objects.get(username="city")
    county_list = list(counties())
    n_institutions = n_of(INSTITUTIONS, scale)
    n_applications = min(n_of(APPLICATIONS, scale), n_institutions)

    with transaction.atomic():
        institutions = bulk(
            Institution,
            (
                Institution(
                    name=f"全国规模盲人按摩店{n:05d}",
                    county=county_list[n % len(county_list)],
                    responsible_person="张三",
                    phone=f"139{n:08d}",
                    address=f"测试路{n}号",
                    staff_count=5,
                    blind_staff_count=3,
                )
                for n in range(n_institutions)
            ),
        )
        # Operators: one per 200 institutions (the demo's qingyu is the one that signs in).
        password = make_password(PASSWORD)
        bulk(
            User,
            (
                User(username=f"op{n:05d}", role="operator", institution=inst, password=password)
                for n, inst in enumerate(institutions[::200])
            ),
        )

        # Programme years and funding sources.
        programmes = {p.year: p for p in Programme.objects.all()}
        for year in YEARS:
            if year not in programmes:
                programmes[year] = Programme.objects.create(
                    year=year,
                    name=f"{year}年度盲人保健按摩机构规范化建设（全国规模基准）",
                    implementing_unit="残疾人综合服务中心",
                    subsidy_standard=STANDARD,
                    annual_target=n_of(4000, scale),
                    execution_start=date(year, 1, 1),
                    execution_end=date(year, 12, 31),
                )
            programmes[year].counties.add(*county_list)
        sources: dict[int, list] = {}
        for year in YEARS:
            bulk(
                FundingSource,
                (
                    FundingSource(
                        programme=programmes[year],
                        document=f"基准财社〔{year}〕{k + 1}号",
                        title=f"{year}年度第{k + 1}批资金",
                        budget=10**12,
                    )
                    for k in range(SOURCES_PER_YEAR)
                ),
            )
            sources[year] = list(FundingSource.objects.filter(programme=programmes[year]).order_by("id"))

        # Enrolments and applications: BIG_SHARE in the big year, the rest shared by the others.
        big = round(n_applications * BIG_SHARE)
        others = [y for y in YEARS if y != BIG_YEAR]
        per_other = (n_applications - big) // len(others)
        plan: list[tuple[int, Institution]] = []
        cursor_at = 0
        for year, count in [(BIG_YEAR, big), *[(y, per_other) for y in others]]:
            for inst in institutions[cursor_at : cursor_at + count]:
                plan.append((year, inst))
            cursor_at = (cursor_at + count) % max(1, n_institutions - per_other)
        states = State.values
        accepted_states = {State.ACCEPTED, State.PUBLICITY, State.COUNCIL_APPROVED, State.PAID}
        chosen = [random.choice(states) for _ in plan]
        enrolments = bulk(
            Enrolment,
            (
                Enrolment(
                    programme=programmes[year],
                    institution=inst,
                    accepted=state in accepted_states,
                    accepted_on=date(year, 9, 1) if state in accepted_states else None,
                )
                for (year, inst), state in zip(plan, chosen, strict=True)
            ),
        )
        standard = Standard.objects.order_by("id").first()
        items = [i for i in standard.items.all() if not i.is_section]
        applications = bulk(
            Application,
            (
                Application(
                    enrolment=e,
                    programme=e.programme,
                    institution=e.institution,
                    county=e.institution.county,
                    standard=standard,
                    state=state,
                    statement="申请参加规范化建设。",
                    score=90 if state in accepted_states else None,
                    grade="一级" if state in accepted_states else "",
                )
                for e, state in zip(enrolments, chosen, strict=True)
            ),
        )

        # The official grades of the approved applications, valid for three years from 1 September.
        approved = [a for a in applications if a.state in {State.COUNCIL_APPROVED, State.PAID}]
        bulk(
            Grade,
            (
                Grade(
                    institution_id=a.institution_id,
                    county_id=a.county_id,
                    application=a,
                    level="一级",
                    score=90,
                    standard=standard,
                    decision_number=f"基准理〔{a.programme.year}〕1号",
                    decided_on=date(a.programme.year, 9, 1),
                    certificate_number=f"BENCH-{a.programme.year}-{k:07d}",
                    valid_from=date(a.programme.year, 9, 1),
                    valid_to=date(a.programme.year + 3, 8, 31),
                )
                for k, a in enumerate(approved)
            ),
        )

        # Inspections (county, city, re-inspection in turn) and their item scores.
        n_scores = n_of(SCORES, scale)
        kinds = [InspectionKind.COUNTY, InspectionKind.CITY, InspectionKind.REINSPECTION]
        inspector = User.objects.get(username="expert")
        n_inspections = -(-n_scores // len(items))
        inspections = bulk(
            Inspection,
            (
                Inspection(
                    application=applications[k % len(applications)],
                    kind=kinds[(k // len(applications)) % len(kinds)],
                    inspector=inspector,
                    on=date(applications[k % len(applications)].programme.year, 7, 1),
                    total=90,
                    grade="一级",
                    completed=True,
                )
                for k in range(n_inspections)
            ),
        )
        inspection_ids = [i.pk for i in inspections]
        bulk(
            ItemScore,
            (
                ItemScore(inspection_id=inspection_ids[k // len(items)], item=item, points=item.max_points)
                for k, item in ((k, items[k % len(items)]) for k in range(n_scores))
            ),
            batch=20_000,
        )

        # Ledger: per source a receipt and a transfer to every county, then payments and reversals.
        n_entries = n_of(ENTRIES, scale)
        entries: list = []
        for year in YEARS:
            for source in sources[year]:
                entries.append(
                    LedgerEntry(
                        kind="receipt",
                        source=source,
                        programme=programmes[year],
                        amount=10**11,
                        date=date(year, 3, 1),
                        document=source.document,
                        created_by=admin,
                    )
                )
                for county in county_list:
                    entries.append(
                        LedgerEntry(
                            kind="transfer",
                            source=source,
                            programme=programmes[year],
                            county=county,
                            amount=10**9,
                            date=date(year, 4, 1),
                            document=f"下拨{year}-{source.pk}-{county.pk}",
                            created_by=admin,
                        )
                    )
        paying = [e for e in enrolments if e.accepted] or enrolments
        reversals_every = 20
        n_payments = (n_entries - len(entries)) * reversals_every // (reversals_every + 1)
        payments = []
        for k in range(max(0, n_payments)):
            enrolment = paying[k % len(paying)]
            year = enrolment.programme.year
            funding_year = year if k % 5 or year == YEARS[0] else year - 1
            payments.append(
                LedgerEntry(
                    kind="payment",
                    source=sources[funding_year][k % SOURCES_PER_YEAR],
                    programme=enrolment.programme,
                    county=enrolment.institution.county,
                    institution=enrolment.institution,
                    enrolment=enrolment,
                    document=f"V{k:07d}",
                    amount=STANDARD // 4,
                    date=date(year, 10, 1) + timedelta(days=k % 60),
                    created_by=admin,
                    repeat_reason="分期拨付" if k >= len(paying) else "",
                    exception_reason="分期拨付" if k >= len(paying) else "",
                )
            )
        bulk(LedgerEntry, entries)
        payments = bulk(LedgerEntry, payments)
        bulk(
            LedgerEntry,
            (
                reversal_of(p, on=p.date + timedelta(days=3), reason="录入错误，冲销", by=admin)
                for p in payments[::reversals_every]
            ),
        )

        # The big year's questionnaire with online and paper responses.
        questionnaire = load_survey_file(by=admin, programme=programmes[BIG_YEAR])
        questionnaire.surveyed_counties.add(*county_list)
        questions = list(Question.objects.filter(questionnaire=questionnaire).prefetch_related("options"))
        n_answers = n_of(ANSWERS, scale)
        n_responses = -(-n_answers // len(questions))
        types = RespondentType.values
        submitted = datetime.now(UTC)
        responses = bulk(
            Response,
            (
                Response(
                    questionnaire=questionnaire,
                    key=uuid.uuid4(),
                    source=Source.ONLINE if k % 4 else Source.PAPER,
                    county=county_list[k % len(county_list)],
                    respondent_type=types[k % len(types)],
                    device=f"d{k:07d}",
                    complete=True,
                    submitted_at=submitted,
                    entered_by=None if k % 4 else admin,
                )
                for k in range(n_responses)
            ),
        )
        options = {q.pk: list(q.options.all()) for q in questions}
        bulk(
            Answer,
            (
                Answer(response_id=r.pk, question_id=q.pk, option=random.choice(options[q.pk]))
                for r in responses
                for q in questions
            ),
            batch=20_000,
        )
        questionnaire.frozen = True
        questionnaire.save(update_fields=["frozen"])

        # Audit events, spread over the institutions.
        content_type = ContentType.objects.get_for_model(Institution)
        bulk(
            AuditEvent,
            (
                AuditEvent(
                    actor=admin,
                    action="update",
                    content_type=content_type,
                    object_id=str(institutions[k % len(institutions)].pk),
                    object_repr=institutions[k % len(institutions)].name,
                    changes={"phone": ["13900000000", "13900000001"]},
                )
                for k in range(n_of(AUDIT_EVENTS, scale))
            ),
        )

    # The big year's evaluations, through the services (they read the figures above).
    for template in ("seed", "national"):
        evaluation = evaluation_services.evaluation_create(
            by=admin, programme=programmes[BIG_YEAR], template=template
        )
        evaluation_services.evaluation_compute(by=admin, evaluation=evaluation)

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would give a live database
    return {
        "institutions": Institution.objects.count(),
        "applications": Application.objects.count(),
        "inspections": Inspection.objects.count(),
        "item scores": ItemScore.objects.count(),
        "ledger entries": LedgerEntry.objects.count(),
        "responses": Response.objects.count(),
        "answers": Answer.objects.count(),
        "audit events": AuditEvent.objects.count(),
        "users": User.objects.count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="share of the national counts (0.1 = 10%%)")
    parser.add_argument("--var", help="GUIFAN_VAR folder for the SQLite file (default: a new temp folder)")
    args = parser.parse_args()
    folder = setup(args.var)
    from django.db import connection

    started = time.perf_counter()
    reset_database()
    counts = build(args.scale)
    elapsed = time.perf_counter() - started
    print(f"database: {connection.vendor} (GUIFAN_VAR={folder})")
    print(f"scale {args.scale:g}: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    print(f"built in {elapsed:.1f} s")
    print("logins (password " + PASSWORD + "): " + ", ".join(f"{u} ({r})" for u, r in LOGINS.items()))


if __name__ == "__main__":
    sys.exit(main())
