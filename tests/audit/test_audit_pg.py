"""On PostgreSQL the database refuses to change or remove an audit row even for raw SQL, which
never goes through the model; the test database is still emptied between tests (TRUNCATE)."""

import pytest
from django.db import DatabaseError, connection, transaction

from guifan.audit.models import AuditEvent
from guifan.registry.services import institution_update
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")

TABLE = AuditEvent._meta.db_table


@pytest.fixture
def event(city_admin, kunming) -> AuditEvent:
    institution = InstitutionFactory(address="旧址")
    institution_update(by=city_admin, institution_id=institution.pk, data={"address": "新址"})
    return AuditEvent.objects.get()


def raw(sql: str, *params) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db
def test_a_raw_update_of_an_audit_row_is_refused(event):
    with pytest.raises(DatabaseError, match="操作记录只能追加"):
        raw(f"UPDATE {TABLE} SET note = %s WHERE id = %s", "篡改", event.pk)
    assert AuditEvent.objects.get(pk=event.pk).note == ""


@pytest.mark.django_db
def test_a_raw_delete_of_an_audit_row_is_refused(event):
    with pytest.raises(DatabaseError, match="操作记录只能追加"):
        raw(f"DELETE FROM {TABLE} WHERE id = %s", event.pk)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_new_rows_are_still_written(event):
    assert AuditEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_writes_an_audit_row(event):
    """Its data is flushed afterwards with TRUNCATE; the next test sees an empty table."""
    assert AuditEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_after_the_flush_the_table_is_empty(kunming):
    assert not AuditEvent.objects.exists()
