import pytest
from django.urls import reverse

from guifan.audit.constants import AuditAction
from guifan.audit.domain import field_changes
from guifan.audit.models import AppendOnlyError, AuditEvent
from guifan.audit.selectors import events_for
from guifan.core.exceptions import ScopeViolation
from guifan.registry.services import institution_create, institution_update
from tests.factories import InstitutionFactory, operator_of, region


def test_only_changed_fields_are_recorded_with_old_and_new():
    assert field_changes({"a": 1, "b": "x"}, {"a": 1, "b": "y"}) == {"b": ["x", "y"]}
    assert field_changes({}, {"a": 1}) == {"a": [None, 1]}


@pytest.mark.django_db
def test_an_update_records_who_what_and_each_fields_old_and_new_value(panlong_officer):
    institution = InstitutionFactory(county_name="盘龙区", phone="13900000001", address="旧址")
    institution_update(
        by=panlong_officer, institution_id=institution.pk, data={"phone": "0871-63123456", "address": "新址"}
    )
    event = events_for(institution).get()
    assert event.actor == panlong_officer
    assert event.action == AuditAction.UPDATE
    assert event.changes == {"phone": ["13900000001", "0871-63123456"], "address": ["旧址", "新址"]}


@pytest.mark.django_db
def test_saving_without_a_change_records_nothing(panlong_officer):
    institution = InstitutionFactory(county_name="盘龙区", address="旧址")
    institution_update(by=panlong_officer, institution_id=institution.pk, data={"address": "旧址"})
    assert not events_for(institution).exists()


@pytest.mark.django_db
def test_a_creation_is_recorded(city_admin):
    institution = institution_create(
        by=city_admin,
        data={
            "name": "新店",
            "county": region("五华区"),
            "responsible_person": "张三",
            "phone": "13900000001",
        },
    )
    event = events_for(institution).get()
    assert event.action == AuditAction.CREATE
    assert event.changes["name"] == [None, "新店"]


@pytest.mark.django_db
def test_the_trail_cannot_be_edited_or_deleted(city_admin):
    institution = InstitutionFactory()
    institution_update(by=city_admin, institution_id=institution.pk, data={"address": "某址"})
    event = AuditEvent.objects.get()
    event.note = "篡改"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(note="篡改")
    assert AuditEvent.objects.get().note == ""


@pytest.mark.django_db
def test_an_operator_cannot_rename_their_institution_even_through_the_service():
    institution = InstitutionFactory(name="原名")
    with pytest.raises(ScopeViolation):
        institution_update(by=operator_of(institution), institution_id=institution.pk, data={"name": "新名"})
    institution.refresh_from_db()
    assert institution.name == "原名"
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_the_history_on_the_institution_page_shows_readable_changes_and_masks_phones(
    client, city_admin, inspector
):
    institution = InstitutionFactory(county_name="盘龙区", phone="13900000001")
    institution_update(
        by=city_admin,
        institution_id=institution.pk,
        data={"phone": "15877945103", "county": region("官渡区")},
    )
    client.force_login(city_admin)
    page = client.get(reverse("registry:detail", args=[institution.pk])).content.decode()
    assert "所属县区：盘龙区 → 官渡区" in page
    assert "联系电话：139 0000 0001 → 158 7794 5103" in page
    client.force_login(inspector)
    page = client.get(reverse("registry:detail", args=[institution.pk])).content.decode()
    assert "联系电话：139****0001 → 158****5103" in page
    assert "15877945103" not in page


@pytest.mark.django_db
def test_auditors_list_changes_by_user_and_date(client, auditor, city_admin, panlong_officer):
    first = InstitutionFactory(name="甲店", county_name="盘龙区")
    second = InstitutionFactory(name="乙店", county_name="盘龙区")
    institution_update(by=city_admin, institution_id=first.pk, data={"address": "一"})
    institution_update(by=panlong_officer, institution_id=second.pk, data={"address": "二"})
    client.force_login(auditor)
    page = client.get(reverse("audit:list"), {"actor": panlong_officer.pk}).content.decode()
    assert "乙店" in page and "甲店" not in page
    assert "共 1 条操作记录" in page
    page = client.get(reverse("audit:list"), {"since": "2000-01-01", "until": "2000-12-31"}).content.decode()
    assert "共 0 条操作记录" in page
