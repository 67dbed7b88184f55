"""Reference data: 昆明市 and its divisions ship with the code, loaded by migration."""

from django.db import migrations

from guifan.regions.loading import DATA_DIR, load_region_file


def load(apps, schema_editor):
    load_region_file(apps.get_model("regions", "Region"), DATA_DIR / "530100-kunming.json")


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
