"""On PostgreSQL the database itself refuses to change or remove an audit row, whatever client
asks: the model already refuses, but raw SQL, a shell or another program would not go through it.

TRUNCATE is left alone: the test database is emptied that way between tests, and the application's
role should not hold the TRUNCATE privilege in production (see README). SQLite gets no trigger: its
flush deletes rows one by one, which the trigger would stop."""

from django.db import migrations

FUNCTION = "guifan_audit_append_only"
TRIGGER = "guifan_audit_append_only"


def _table(apps, schema_editor) -> str:
    return schema_editor.quote_name(apps.get_model("audit", "AuditEvent")._meta.db_table)


def create_trigger(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"""
        CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION USING
                ERRCODE = 'restrict_violation',
                MESSAGE = '操作记录只能追加，不能修改或删除（audit rows are append-only: ' || TG_OP || '）';
        END
        $$
        """
    )
    schema_editor.execute(
        f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON {_table(apps, schema_editor)} "
        f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
    )


def drop_trigger(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {_table(apps, schema_editor)}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_alter_auditevent_action")]

    operations = [migrations.RunPython(create_trigger, drop_trigger, elidable=False)]
