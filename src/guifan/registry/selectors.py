"""Every read of institutions starts here, with the actor's scope already applied."""

from django.db.models import Q, QuerySet

from guifan.accounts.constants import Role
from guifan.accounts.domain import READS_WHOLE_CITY

from .models import Institution


def institutions_visible_to(user) -> QuerySet[Institution]:
    """City-wide roles see every institution; a county officer their county; an operator their own."""
    institutions = Institution.objects.select_related("county", "zone")
    role = getattr(user, "role", None)
    if role in READS_WHOLE_CITY:
        return institutions
    if role == Role.COUNTY_OFFICER and user.county_id:
        return institutions.filter(county_id=user.county_id)
    if role == Role.OPERATOR and user.institution_id:
        return institutions.filter(pk=user.institution_id)
    return institutions.none()


def institution_search(
    user, *, text: str = "", county_id: int | None = None, status: str = ""
) -> QuerySet[Institution]:
    """The institutions the user may see, filtered as on the list page."""
    institutions = institutions_visible_to(user)
    if text := text.strip():
        institutions = institutions.filter(
            Q(name__icontains=text) | Q(responsible_person__icontains=text) | Q(credit_code__icontains=text)
        )
    if county_id:
        institutions = institutions.filter(county_id=county_id)
    if status:
        institutions = institutions.filter(status=status)
    return institutions


def institution_name_taken(*, county_id: int, name: str, exclude_pk: int | None = None) -> bool:
    """Names are unique within a county; used to explain the clash before the database refuses it."""
    return Institution.objects.filter(county_id=county_id, name=name).exclude(pk=exclude_pk).exists()
