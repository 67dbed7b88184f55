from tests.grading.conftest import (  # noqa: F401 — the grading fixtures, for events along the way
    application,
    at_city_inspection,
    expert,
    institution,
    operator,
    programme,
    standard,
)
