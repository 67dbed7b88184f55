"""Reads of grades and reviews, with the actor's scope applied; the public register's reads."""

from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from guifan.accounts.constants import Role

from . import domain
from .constants import ReviewKind, ReviewStatus
from .models import Grade, GradeDecision, GradeNotice, Review, ReviewRound

CITY_WIDE = {Role.CITY_ADMIN, Role.INSPECTOR, Role.AUDITOR}


def today() -> date:
    return timezone.localdate()


def grades_visible_to(user) -> QuerySet[Grade]:
    """City-wide roles see all; a county officer their county's; an operator their institution's."""
    grades = Grade.objects.select_related("institution", "county")
    role = getattr(user, "role", None)
    if role in CITY_WIDE:
        return grades
    if role == Role.COUNTY_OFFICER and user.county_id:
        return grades.filter(county_id=user.county_id)
    if role == Role.OPERATOR and user.institution_id:
        return grades.filter(institution_id=user.institution_id)
    return grades.none()


def reviews_visible_to(user) -> QuerySet[Review]:
    return Review.objects.filter(grade__in=grades_visible_to(user)).select_related(
        "grade__institution", "county", "round", "template", "reviewer"
    )


def live(grades: QuerySet[Grade], on: date | None = None) -> QuerySet[Grade]:
    """Grades in force on a day: a live state and not past their valid-to date."""
    return grades.filter(state__in=domain.LIVE, valid_to__gte=on or today())


def expiring(user, on: date | None = None, within: int = max(domain.EXPIRY_WARNINGS)) -> QuerySet[Grade]:
    on = on or today()
    return (
        live(grades_visible_to(user), on)
        .filter(valid_to__lte=on + timedelta(days=within))
        .order_by("valid_to", "certificate_number")
    )


def register(*, county_id: int | None = None, name: str = "", level: str = "", on: date | None = None):
    """The public register: grades in force, searchable; no personal data is selected."""
    grades = (
        live(Grade.objects.all(), on)
        .select_related("institution", "county")
        .only(
            "certificate_number",
            "level",
            "valid_from",
            "valid_to",
            "decision_number",
            "state",
            "institution__name",
            "institution__address",
            "county__name",
        )
    )
    if county_id:
        grades = grades.filter(Q(county_id=county_id) | Q(county__parent_id=county_id))
    if name.strip():
        grades = grades.filter(institution__name__icontains=name.strip())
    if level:
        grades = grades.filter(level=level)
    return grades.order_by("county__sort_order", "institution__name")


def certificate(number: str) -> Grade | None:
    """Any grade by its certificate number, whatever its state: verifying says which it is."""
    return (
        Grade.objects.select_related("institution", "county")
        .filter(certificate_number=number.strip().upper())
        .first()
    )


def public_decisions() -> QuerySet[GradeDecision]:
    return GradeDecision.objects.select_related("notice").order_by("-meeting_date", "-id")


def public_notices() -> QuerySet[GradeNotice]:
    return GradeNotice.objects.order_by("-starts_on", "-id")


def rounds() -> QuerySet[ReviewRound]:
    return ReviewRound.objects.select_related("template").order_by("-year")


def proposals() -> QuerySet[Review]:
    """Reviews whose outcome lowers or removes a grade, not yet published."""
    return Review.objects.filter(status=ReviewStatus.PROPOSED).select_related("grade__institution", "county")


def review_counts(round_: ReviewRound, user) -> dict[str, int]:
    rows = reviews_visible_to(user).filter(round=round_).order_by().values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def review_figures(year: int) -> domain.ReviewFigures:
    """年审通过率 and 监管覆盖率 of a year: over the grades of its round (or, with no round, the
    grades in force on 31 December), reviews annual or spot, done in that year."""
    reviews = Review.objects.filter(on__year=year).exclude(outcome="")
    round_ = ReviewRound.objects.filter(year=year).first()
    if round_ is not None:
        in_force = Review.objects.filter(round=round_).count()
    else:
        in_force = (
            live(Grade.objects.all(), date(year, 12, 31)).filter(valid_from__lte=date(year, 12, 31)).count()
        )
    reviewed = reviews.values("grade_id").distinct().count()
    annual = reviews.filter(kind=ReviewKind.ANNUAL)
    kept = annual.filter(outcome="keep").count()
    return domain.ReviewFigures(in_force=in_force, reviewed=reviewed, kept=kept, annual=annual.count())
