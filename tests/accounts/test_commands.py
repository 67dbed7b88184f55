import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from guifan.accounts.models import User

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("user_add", *args, stdout=out)
    return out.getvalue()


def test_user_add_creates_an_operator_and_prints_the_generated_password(qingyu):
    output = run("newop", "--role", "operator", "--institution", qingyu.name, "--full-name", "李四")
    user = User.objects.get(username="newop")
    password = output.split("初始密码：")[1].split("（")[0]
    assert user.check_password(password) and user.must_change_password
    assert user.institution == qingyu and user.full_name == "李四"


def test_user_add_binds_a_county_officer_by_the_short_name(kunming):
    run("shilin", "--role", "县区经办", "--county", "石林县", "--password", "typed-by-admin-9")
    user = User.objects.get(username="shilin")
    assert user.county.name == "石林彝族自治县" and user.check_password("typed-by-admin-9")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x", "--role", "boss"], "未知角色“boss”"),
        (["x", "--role", "county_officer", "--county", "火星区"], "未知县区“火星区”"),
        (["x", "--role", "operator", "--institution", "不存在的店"], "没有名为“不存在的店”的机构"),
        (["x", "--role", "operator"], "机构用户须选择所属机构"),
    ],
)
def test_user_add_explains_what_is_wrong(kunming, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not User.objects.filter(username="x").exists()


def test_createsuperuser_makes_a_city_administrator(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-admin-secret")
    call_command("createsuperuser", "--noinput", "--username", "root", "--email", "", stdout=io.StringIO())
    user = User.objects.get(username="root")
    assert user.role == "city_admin" and not user.must_change_password
    assert user.check_password("a-long-admin-secret")
