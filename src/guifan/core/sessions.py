"""Sessions that a background poll does not renew.

Every request renews the session (SESSION_SAVE_EVERY_REQUEST), so that the idle time-out counts
from the person's last action. A page that polls for progress is not an action: renewing on its
polls would keep an unattended session open for ever, and on SQLite each poll would queue a write
behind the running import. Views marked `session_untouched` read the session but never save it.
"""

from collections.abc import Callable

from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.http import HttpRequest, HttpResponse


def session_untouched(view: Callable) -> Callable:
    view.session_untouched = True
    return view


class SessionMiddleware(DjangoSessionMiddleware):
    def process_view(self, request: HttpRequest, view_func: Callable, view_args, view_kwargs) -> None:
        request.session_untouched = getattr(view_func, "session_untouched", False)

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if getattr(request, "session_untouched", False):
            return response
        return super().process_response(request, response)
