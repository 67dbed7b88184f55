"""An opening date in the future (2030-01-01 typed for 2020) is refused, on the page and in a sheet."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from guifan.registry.domain import opened_on_error
from guifan.registry.models import Institution
from guifan.registry.services import ImportRejected, institutions_import

from .sheets import STANDARD_HEADER, standard_row, xlsx

pytestmark = pytest.mark.django_db


def test_an_opening_date_after_today_is_an_error_and_today_is_not():
    today = date(2023, 7, 13)
    assert opened_on_error(date(2023, 7, 14), today) == "开业日期不能晚于今天"
    assert opened_on_error(today, today) is None
    assert opened_on_error(None, today) is None


def test_the_new_institution_page_refuses_a_future_opening_date(client, panlong_officer):
    client.force_login(panlong_officer)
    response = client.post(
        reverse("registry:create"),
        {
            "name": "未来按摩店",
            "legal_form": "individual",
            "responsible_person": "张三",
            "phone": "139 0000 0009",
            "status": "open",
            "opened_on": "2030-01-01",
        },
    )
    assert response.status_code == 200
    assert "开业日期不能晚于今天" in response.content.decode()
    assert not Institution.objects.filter(name="未来按摩店").exists()


def test_an_import_with_one_future_opening_date_writes_nothing_and_names_the_cell(city_admin):
    tomorrow = timezone.localdate() + timedelta(days=1)
    rows = [
        STANDARD_HEADER,
        standard_row(name="昨日按摩店", 开业日期="2021-03-15"),
        standard_row(name="明日按摩店", 开业日期=tomorrow.isoformat()),
    ]
    with pytest.raises(ImportRejected) as caught:
        institutions_import(by=city_admin, source=xlsx(rows))
    assert [str(e) for e in caught.value.errors] == [
        f"第3行“开业日期”列：开业日期不能晚于今天（{tomorrow.isoformat()}）"
    ]
    assert not Institution.objects.exists()
