"""Every read of logins starts here, with the actor's scope already applied."""

from django.db.models import Q, QuerySet

from .constants import Role
from .models import User


def users_visible_to(user) -> QuerySet[User]:
    """A city administrator sees every login; a county officer the operators of their county's
    institutions; everyone else none (their pages answer 404)."""
    users = User.objects.select_related("county", "institution", "institution__county")
    role = getattr(user, "role", None)
    if role == Role.CITY_ADMIN:
        return users
    if role == Role.COUNTY_OFFICER and user.county_id:
        return users.filter(role=Role.OPERATOR, institution__county_id=user.county_id)
    return users.none()


def user_search(user, *, text: str = "", role: str = "", county_id: int | None = None) -> QuerySet[User]:
    """The logins the user may see, filtered as on the list page. The county filter matches a
    county officer's county and an operator's institution's county."""
    users = users_visible_to(user)
    if text := text.strip():
        users = users.filter(
            Q(username__icontains=text) | Q(full_name__icontains=text) | Q(institution__name__icontains=text)
        )
    if role:
        users = users.filter(role=role)
    if county_id:
        users = users.filter(Q(county_id=county_id) | Q(institution__county_id=county_id))
    return users.order_by("-is_active", "role", "username")


def username_taken(username: str, *, exclude_pk: int | None = None) -> bool:
    """User names are compared without case, as the sign-in throttle does."""
    return User.objects.filter(username__iexact=username).exclude(pk=exclude_pk).exists()
