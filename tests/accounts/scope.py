"""Scope tests of the account pages (collected by tests/registry/test_views.py)."""

VIEWS = "accounts/test_views: "
OTHER_COUNTY = VIEWS + "test_a_panlong_officer_cannot_reach_a_guandu_operator"

SCOPE_PROVEN = {
    "accounts:password_change": "accounts/test_first_sign_in: changes only the requester's own password",
    "accounts:user_list": VIEWS + "test_the_county_officers_list_holds_only_their_countys_operators",
    "accounts:user_create": VIEWS + "test_a_county_officer_cannot_create_an_operator_for_another_county",
    "accounts:user_detail": OTHER_COUNTY,
    "accounts:user_edit": OTHER_COUNTY,
    "accounts:user_password": OTHER_COUNTY,
    "accounts:user_password_reset": OTHER_COUNTY,
    "accounts:user_deactivate": OTHER_COUNTY,
    "accounts:user_reactivate": OTHER_COUNTY,
}
