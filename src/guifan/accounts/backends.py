"""Authentication that lets the sign-in form say "this account is disabled"."""

from django.contrib.auth.backends import ModelBackend


class GuifanModelBackend(ModelBackend):
    """Django's ModelBackend refuses inactive users inside authenticate(), so the form could only
    say "wrong user name or password". This one authenticates them, leaving the form's
    confirm_login_allowed to explain; an inactive user's existing session still ends (get_user)."""

    def user_can_authenticate(self, user) -> bool:
        return True

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None
