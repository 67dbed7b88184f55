"""Test data. Regions come from the migration that ships them, as in production."""

import factory

from guifan.accounts.models import User
from guifan.regions.models import Region
from guifan.registry.models import Institution


def region(name: str) -> Region:
    return Region.objects.get(name=name)


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    class Params:
        county_name = "盘龙区"

    name = factory.Sequence(lambda n: f"测试盲人按摩店{n:05d}")
    county = factory.LazyAttribute(lambda o: region(o.county_name))
    responsible_person = "张三"
    phone = factory.Sequence(lambda n: f"1390000{n:04d}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    class Params:
        county_name = None

    username = factory.Sequence(lambda n: f"user{n}")
    role = "city_admin"
    full_name = factory.LazyAttribute(lambda o: f"{o.username}（测试）")
    county = factory.LazyAttribute(lambda o: region(o.county_name) if o.county_name else None)
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def operator_of(institution: Institution, username: str = "operator") -> User:
    return UserFactory(role="operator", institution=institution, username=username)


def fresh_year(
    *, year: int = 2023, counties: tuple[str, ...] = ("盘龙区", "官渡区"), annual_target: int = 6, by=None
):
    """A programme year with nothing set up yet (no budget line, application, survey or evaluation),
    made by the demo's city administrator through the service, as 新建空白年度项目 does; the year if
    it exists already."""
    from guifan.funds.models import Programme
    from guifan.funds.services import programme_create

    return Programme.objects.filter(year=year).first() or programme_create(
        by=by or User.objects.get(username="city"),
        data={
            "year": year,
            "name": f"{year}年度盲人保健按摩机构规范化建设量化分级评定",
            "implementing_unit": "昆明市残疾人综合服务中心",
            "subsidy_standard": 2_000_000,
            "annual_target": annual_target,
        },
        counties=[region(name) for name in counties],
    )


def run_jobs() -> None:
    """Run every queued background job with the real worker (batch mode), then return."""
    from django.core.management import call_command
    from django.db import connection

    # The worker recycles database connections between tasks, as in production: a test that runs it
    # cannot sit inside a transaction (mark it django_db(transaction=True)).
    assert not connection.in_atomic_block, "run_jobs() needs a transactional test"
    call_command("worker", batch=True, verbosity=0)
