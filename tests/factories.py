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
