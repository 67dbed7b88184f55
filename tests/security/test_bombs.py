"""Hostile uploads end in a clear Chinese message and exit 2 — within 5 s and 300 MB, measured in a
process of their own — and the pages refuse them the same way, writing nothing."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from guifan.registry.models import Institution

from . import bombs

MEASURE = Path(__file__).with_name("measure.py")
MAX_SECONDS = 5
MAX_PEAK_MB = 300


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    return {
        "sheet-bomb.xlsx": bombs.sheet_bomb(folder / "sheet-bomb.xlsx"),
        "strings-bomb.xlsx": bombs.shared_strings_bomb(folder / "strings-bomb.xlsx"),
        "laughs.xlsx": bombs.xlsx_laughs(folder / "laughs.xlsx"),
        "truncated.xlsx": bombs.truncated(bombs.valid_xlsx(), folder / "truncated.xlsx"),
        "disguised.xlsx": bombs.disguised(folder / "disguised.xlsx"),
        "document-bomb.docx": bombs.document_bomb(folder / "document-bomb.docx"),
        "laughs.docx": bombs.docx_laughs(folder / "laughs.docx"),
        "truncated.docx": bombs.truncated(bombs.valid_docx(), folder / "truncated.docx"),
        "disguised.docx": bombs.disguised(folder / "disguised.docx"),
    }


@pytest.fixture(scope="module")
def command_env(tmp_path_factory) -> dict[str, str]:
    """A migrated SQLite database of its own with a city administrator, for the import command."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(GUIFAN_VAR=str(tmp_path_factory.mktemp("var")), DJANGO_SETTINGS_MODULE="guifan.settings")
    guifan = [str(Path(sys.executable).with_name("guifan"))]
    subprocess.run([*guifan, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run(
        [*guifan, "user-add", "city", "--role", "city_admin", "--password", "Kunming-2023-guifan"],
        env=env,
        check=True,
        capture_output=True,
    )
    return env


def measured(mode: str, path: Path, env: dict[str, str]) -> dict:
    done = subprocess.run(
        [sys.executable, str(MEASURE), mode, str(path)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


XLSX_MESSAGES = {
    "sheet-bomb.xlsx": "疑似压缩炸弹",
    "strings-bomb.xlsx": "xl/sharedStrings.xml”解压后有",
    "laughs.xlsx": "DTD 实体声明",
    "truncated.xlsx": "不是有效的Excel 文件",
    "disguised.xlsx": "不是有效的Excel 文件",
}
DOCX_MESSAGES = {
    "document-bomb.docx": "word/document.xml”解压后有",
    "laughs.docx": "DTD 实体声明",
    "truncated.docx": "不是有效的Word 文档",
    "disguised.docx": "不是有效的Word 文档",
}


@pytest.mark.parametrize("name", XLSX_MESSAGES)
def test_the_import_command_refuses_a_hostile_workbook_quickly_and_in_little_memory(name, files, command_env):
    result = measured("import", files[name], command_env)
    assert result["code"] == 2
    assert XLSX_MESSAGES[name] in result["stderr"]
    assert "未导入任何机构" in result["stderr"]
    assert result["wall_s"] < MAX_SECONDS, result
    assert result["peak_mb"] < MAX_PEAK_MB, result


@pytest.mark.parametrize("name", DOCX_MESSAGES)
def test_check_report_refuses_a_hostile_document_quickly_and_in_little_memory(name, files, command_env):
    result = measured("check-report", files[name], command_env)
    assert result["code"] == 2
    assert DOCX_MESSAGES[name] in result["stderr"]
    assert result["wall_s"] < MAX_SECONDS, result
    assert result["peak_mb"] < MAX_PEAK_MB, result


@pytest.mark.django_db
@pytest.mark.parametrize("name", XLSX_MESSAGES)
def test_the_import_page_refuses_a_hostile_workbook_and_writes_nothing(name, files, client, city_admin):
    client.force_login(city_admin)
    before = Institution.objects.count()
    with files[name].open("rb") as upload:
        response = client.post(reverse("registry:import"), {"file": upload})
    assert response.status_code == 200
    assert XLSX_MESSAGES[name] in response.content.decode()
    assert Institution.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", DOCX_MESSAGES)
def test_the_check_page_refuses_a_hostile_document(name, files, client, city_admin):
    client.force_login(city_admin)
    with files[name].open("rb") as upload:
        response = client.post(reverse("reports:check"), {"file": upload})
    assert response.status_code == 200
    assert DOCX_MESSAGES[name] in response.content.decode()


def test_a_workbook_over_the_size_limit_is_refused_before_it_is_opened(tmp_path, command_env):
    from guifan.core.archives import LIMITS

    big = tmp_path / "big.xlsx"
    with big.open("wb") as f:
        f.write(bombs.valid_xlsx())
        f.truncate(LIMITS["xlsx"].max_bytes + 1)
    result = measured("import", big, command_env)
    assert result["code"] == 2
    assert "超过Excel 文件 40 MB 的上限" in result["stderr"]
