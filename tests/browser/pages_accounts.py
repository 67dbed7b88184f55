"""The account pages (user management, password change), checked like every other page."""

from tests.browser.pagespec import Page, submit_empty


def _user(username: str):
    def pk() -> int:
        from guifan.accounts.models import User

        return User.objects.get(username=username).pk

    return pk


PAGES = [
    Page("accounts-user-list", "accounts:user_list", "city"),
    Page("accounts-user-list-county", "accounts:user_list", "panlong"),
    Page("accounts-user-detail", "accounts:user_detail", "city", args=(_user("qingyu"),)),
    Page("accounts-user-detail-county", "accounts:user_detail", "panlong", args=(_user("qingyu"),)),
    Page("accounts-user-create", "accounts:user_create", "city"),
    Page("accounts-user-create-errors", "accounts:user_create", "city", prepare=submit_empty),
    Page("accounts-user-create-county", "accounts:user_create", "panlong"),
    Page("accounts-user-create-county-errors", "accounts:user_create", "panlong", prepare=submit_empty),
    Page("accounts-user-edit", "accounts:user_edit", "city", args=(_user("guandu"),)),
    Page("accounts-user-password", "accounts:user_password", "city", args=(_user("qingyu"),)),
    Page("accounts-password-change", "accounts:password_change", "qingyu"),
    Page("accounts-password-change-errors", "accounts:password_change", "qingyu", prepare=submit_empty),
]
NOT_PAGES = {
    "accounts:user_password_reset": "POST only; redirects to the page that shows the new password once",
    "accounts:user_deactivate": "POST only; redirects to the account page",
    "accounts:user_reactivate": "POST only; redirects to the account page",
}
