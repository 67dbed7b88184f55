"""Grades approved before grades were records: one Grade per council-approved application, numbered
in the order of the decisions, valid for the decision's validity years (as the certificate said);
an institution graded again keeps only its newest grade in force."""

from datetime import timedelta

from django.db import migrations
from django.utils import timezone

APPROVED = ("council_approved", "paid")


def valid_until(approved_on, years):
    try:
        anniversary = approved_on.replace(year=approved_on.year + years)
    except ValueError:
        anniversary = approved_on.replace(year=approved_on.year + years, day=28)
    return anniversary - timedelta(days=1)


def forwards(apps, schema_editor):
    Application = apps.get_model("grading", "Application")
    Grade = apps.get_model("supervision", "Grade")
    Region = apps.get_model("regions", "Region")
    city = Region.objects.filter(kind="city").order_by("id").first()
    code = city.code if city and city.code else "000000"
    sequence: dict[int, int] = {}
    today = timezone.localdate()
    for application in (
        Application.objects.filter(state__in=APPROVED, decision__isnull=False)
        .select_related("decision", "institution")
        .order_by("decision__meeting_date", "decision_id", "county__sort_order", "id")
    ):
        decision = application.decision
        year = decision.meeting_date.year
        sequence[year] = sequence.get(year, 0) + 1
        valid_to = valid_until(decision.meeting_date, decision.validity_years)
        earlier = Grade.objects.filter(institution_id=application.institution_id, state="valid")
        earlier.update(state="replaced")
        Grade.objects.create(
            institution_id=application.institution_id,
            county_id=application.county_id,
            application_id=application.pk,
            level=application.grade,
            score=application.score,
            standard_id=application.standard_id,
            decision_number=decision.number,
            decided_on=decision.meeting_date,
            certificate_number=f"{code}-{year}-{sequence[year]:03d}",
            valid_from=decision.meeting_date,
            valid_to=valid_to,
            state="valid" if valid_to >= today else "expired",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0001_initial"),
        ("grading", "0004_standard_kind"),
        ("regions", "0003_list_order"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
