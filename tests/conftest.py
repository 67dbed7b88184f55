import pytest

from guifan.regions.loading import DATA_DIR, load_region_file
from guifan.regions.models import Region
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is the production hasher (see test_login); tests use a fast one to keep the suite quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _computed_values_of_this_test_only(settings):
    """Each test starts with no computed aggregates kept (versions of a rolled-back test can recur)."""
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "computed": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "computed"},
    }
    caches["computed"].clear()


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path_factory):
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _static_files_without_collectstatic(settings):
    """Production serves hashed files collected by `guifan serve`; tests read them from the source."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def city_admin(db):
    return UserFactory(role="city_admin", username="city")


@pytest.fixture
def panlong_officer(db):
    return UserFactory(role="county_officer", county_name="盘龙区", username="panlong")


@pytest.fixture
def guandu_officer(db):
    return UserFactory(role="county_officer", county_name="官渡区", username="guandu")


@pytest.fixture
def inspector(db):
    return UserFactory(role="inspector", username="expert")


@pytest.fixture
def auditor(db):
    return UserFactory(role="auditor", username="auditor")


@pytest.fixture
def kunming(django_db_blocker):
    """Regions ship in a migration; tests with transaction=True flush them, so reload them if gone."""
    with django_db_blocker.unblock():
        if not Region.objects.exists():
            load_region_file(Region, DATA_DIR / "530100-kunming.json")
