"""The audit trail an import leaves, which the database writes from the rows it has just stored:
each institution's history says it was imported, by whom, with the fields it was imported with."""

import pytest
from django.db import connection
from django.urls import reverse

from guifan.audit.constants import AuditAction
from guifan.audit.domain import field_changes
from guifan.audit.models import AuditEvent
from guifan.registry.models import Institution
from guifan.registry.services import AUDITED_FIELDS, institutions_import

from .sheets import STANDARD_HEADER, standard_row, xlsx

pytestmark = pytest.mark.django_db


def test_quotes_backslashes_and_rare_characters_are_recorded_as_imported(city_admin):
    rows = [
        STANDARD_HEADER,
        standard_row(name='老王"推拿"店\\分店', 经营地址='五华区"𠀀"路1号\\2', person="欧阳𠮷"),
        standard_row(
            name="呈贡店", county="呈贡区", phone="0871-63123456", 开业日期="2019/5/6", 经营状态="停业"
        ),
    ]
    assert institutions_import(by=city_admin, source=xlsx(rows)).created == 2
    for institution in Institution.objects.all():
        event = AuditEvent.objects.get(object_id=str(institution.pk), action=AuditAction.IMPORT)
        expected = field_changes({}, {name: getattr(institution, name) for name in AUDITED_FIELDS})
        assert event.changes == expected
        if connection.vendor != "postgresql":  # jsonb keeps no key order, for any audit event
            assert list(event.changes) == list(expected)  # written in the form's order
    quoted = Institution.objects.get(name='老王"推拿"店\\分店')
    assert (quoted.address, quoted.responsible_person) == ('五华区"𠀀"路1号\\2', "欧阳𠮷")


def test_the_history_page_of_an_imported_institution_shows_the_import_its_author_and_fields(
    client, city_admin
):
    rows = [
        STANDARD_HEADER,
        standard_row(name="导入店", 从业人员数=5, 盲人从业人员数=3, 开业日期="2021-03-15"),
    ]
    institutions_import(by=city_admin, source=xlsx(rows))
    client.force_login(city_admin)
    page = client.get(reverse("registry:detail", args=[Institution.objects.get().pk])).content.decode()
    history = page[page.index('id="history"') :]
    assert "导入" in history
    assert (city_admin.display_name or "系统") in history
    for shown in ["机构名称：（空） → 导入店", "从业人员数：（空） → 5", "开业日期：（空） → 2021-03-15"]:
        assert shown in history
    assert "所属县区：（空） → 五华区" in history


def test_every_imported_institution_has_exactly_one_import_event(city_admin):
    rows = [STANDARD_HEADER] + [standard_row(name=f"店{i}", phone=f"1390000{i:04d}") for i in range(12)]
    institutions_import(by=city_admin, source=xlsx(rows), chunk_size=5)
    events = AuditEvent.objects.filter(action=AuditAction.IMPORT)
    assert sorted(events.values_list("object_id", flat=True)) == sorted(
        str(pk) for pk in Institution.objects.values_list("pk", flat=True)
    )
    assert {e.object_repr for e in events} == {f"店{i}" for i in range(12)}
