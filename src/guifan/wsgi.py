"""The WSGI application, loaded whole at import: `guifan serve` runs gunicorn with --preload, so the
URLconf and every view module are imported once in the master and shared by the forked workers,
whose first request then costs what any other costs (a cold worker spent over 2 s importing)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guifan.settings")
application = get_wsgi_application()


def _warm() -> None:
    from importlib import import_module

    from django.conf import settings
    from django.db import connections

    import_module(settings.ROOT_URLCONF)  # and with it every view module
    connections.close_all()  # no connection may be shared by the forked workers


_warm()
