"""批量检查 through the page: a zip of reports checked one by one by the worker, each file's result
listed, and files that cannot be checked named with the reason, never stopping the others."""

import io
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from guifan.jobs.constants import JobState
from guifan.jobs.models import Job
from tests.factories import InstitutionFactory, operator_of, run_jobs
from tests.security import bombs

# The worker recycles connections between tasks: no test transaction around it; regions reloaded.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("kunming")]
SEED = Path(__file__).parents[1] / "reports" / "fixtures" / "seed-report.docx"
SEED_FINDINGS = 20  # what the single check finds in the seed (tests/reports: every fault of the seed)


class GbkName(zipfile.ZipInfo):
    """A member named as Windows' built-in zip and WinRAR write Chinese names: GBK, unflagged."""

    def _encodeFilenameFlags(self):  # zipfile's own hook for the name's bytes
        return self.filename.encode("gbk"), self.flag_bits


def zipped(members: dict[str, bytes], *, gbk_names: bool = False) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = (GbkName if gbk_names else zipfile.ZipInfo)(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    buffer.seek(0)
    buffer.name = "reports.zip"
    return buffer


def submit(client, user, upload) -> str:
    client.force_login(user)
    response = client.post(reverse("reports:batch"), {"file": upload})
    assert response.status_code == 302, response.content.decode()[:3000]
    return response["Location"]


def test_each_report_in_the_zip_is_checked_and_the_bad_ones_are_named(client, city_admin, tmp_path):
    seed = SEED.read_bytes()
    bomb = bombs.document_bomb(tmp_path / "bomb.docx").read_bytes()
    upload = zipped(
        {
            "五华区/2022年自评报告.docx": seed,
            "盘龙区/空白报告.docx": bombs.valid_docx(),
            "说明.txt": "请查收".encode(),
            "旧报告.zip": zipped({"a.docx": seed}).getvalue(),
            "损坏.docx": seed[: len(seed) // 3],
            "炸弹.docx": bomb,
            "__MACOSX/._2022年自评报告.docx": b"junk",
        }
    )
    location = submit(client, city_admin, upload)
    run_jobs()
    job = Job.objects.get()
    assert job.state == JobState.DONE
    files = {f["name"]: f for f in job.result["files"]}
    assert set(files) == {
        "五华区/2022年自评报告.docx",
        "盘龙区/空白报告.docx",
        "说明.txt",
        "旧报告.zip",
        "损坏.docx",
        "炸弹.docx",
    }
    assert len(files["五华区/2022年自评报告.docx"]["findings"]) == SEED_FINDINGS
    assert files["盘龙区/空白报告.docx"]["status"] == "clean"
    assert "不是可检查的报告文件" in files["说明.txt"]["message"]
    assert "压缩包中又套了压缩包" in files["旧报告.zip"]["message"]
    assert "不是有效的Word 文档" in files["损坏.docx"]["message"]
    assert "word/document.xml”解压后有" in files["炸弹.docx"]["message"]

    page = client.get(location).content.decode()
    assert "检查完毕：6 个文件，1 个有问题，4 个无法检查" in page
    assert page.count("执行率超过100%") >= 1


def test_chinese_file_names_from_windows_zips_are_read_as_written(client, city_admin):
    location = submit(client, city_admin, zipped({"官渡区自评报告.docx": SEED.read_bytes()}, gbk_names=True))
    run_jobs()
    assert "官渡区自评报告.docx" in client.get(location).content.decode()


def test_two_hundred_reports_are_checked_through_the_page(client, city_admin):
    seed = SEED.read_bytes()
    location = submit(client, city_admin, zipped({f"报告{n:03d}.docx": seed for n in range(200)}))
    run_jobs()
    job = Job.objects.get()
    assert job.result["with_findings"] == 200 and job.result["unreadable"] == 0
    assert "检查完毕：200 个文件，200 个有问题" in client.get(location).content.decode()
    progress = client.get(reverse("jobs:progress", args=[job.pk])).json()
    assert progress["done"] == progress["total"] == 200


def test_a_zip_of_zips_is_refused_member_by_member_without_inflating_them(client, city_admin, tmp_path):
    nested = bombs.nested_zip(tmp_path / "42.zip")
    with nested.open("rb") as upload:
        location = submit(client, city_admin, upload)
    run_jobs()
    files = Job.objects.get().result["files"]
    assert len(files) == 10 and all("压缩包中又套了压缩包" in f["message"] for f in files)
    assert "检查完毕：10 个文件，0 个有问题，10 个无法检查" in client.get(location).content.decode()


def test_a_hostile_or_wrong_upload_is_refused_on_the_page(client, city_admin, tmp_path):
    client.force_login(city_admin)
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("b.docx", "w") as member:
        for chunk in bombs.repeated(b"", b"\0" * 1024, 50 * bombs.MB, b""):
            member.write(chunk)
    not_a_zip = io.BytesIO(b"not a zip")
    not_a_zip.name = "reports.zip"
    refused = [(bomb.open("rb"), "疑似压缩炸弹"), (not_a_zip, "不是有效的压缩包")]
    for upload, message in refused:
        page = client.post(reverse("reports:batch"), {"file": upload}).content.decode()
        assert message in page
    assert not Job.objects.exists()


def test_the_batch_check_is_for_those_who_check_reports(client, panlong_officer, auditor):
    client.force_login(operator_of(InstitutionFactory()))
    assert client.get(reverse("reports:batch")).status_code == 403
    for user in (panlong_officer, auditor):
        client.force_login(user)
        assert client.get(reverse("reports:batch")).status_code == 200


def test_an_encrypted_or_oddly_compressed_member_is_listed_not_checked(client, city_admin):
    upload = zipped({"好报告.docx": SEED.read_bytes(), "加密.docx": b"x" * 100})
    data = bytearray(upload.getvalue())
    # Mark the second member encrypted (general-purpose flag bit 0) in its local and central headers.
    for signature in (b"PK\x03\x04", b"PK\x01\x02"):
        at = data.rfind(signature)
        flags = at + (6 if signature == b"PK\x03\x04" else 8)
        data[flags] |= 1
    broken = io.BytesIO(bytes(data))
    broken.name = "reports.zip"
    location = submit(client, city_admin, broken)
    run_jobs()
    files = {f["name"]: f for f in Job.objects.get().result["files"]}
    assert files["好报告.docx"]["status"] == "findings"
    assert "已损坏或加密" in files["加密.docx"]["message"]
    assert "检查完毕：2 个文件" in client.get(location).content.decode()


def test_forms_in_every_format_are_checked_and_summed_up_in_a_workbook(client, city_admin):
    """A bureau's zip of published forms (.pdf, .xlsx, .doc): each file's unit, project and faults
    by rule on the page and in the summary workbook, as found by hand (tests/reports/corpus)."""
    import json

    from openpyxl import load_workbook

    corpus = Path(__file__).parents[1] / "reports" / "corpus"
    ids = [
        "h3-04-putuo-tiyu-2022",  # .pdf: 执行率不符
        "h2-04-shanxi-jishan-yibao-jiandangpeitao-2020",  # .xlsx: 预算执行得分不符, 总分不符
        "h4-06-district-commerce-service-trade-2020",  # .doc: 分值合计不符, 总分不符
        "h2-01-yunnan-yongde-minglang-yingyang-2022",  # .xlsx: consistent
    ]
    specs = [json.loads((corpus / "specs" / f"{i}.json").read_text(encoding="utf-8")) for i in ids]
    names = [f"{s['unit']}.{s['format']}" for s in specs]
    upload = zipped(
        {
            n: (corpus / "files" / f"{s['id']}.{s['format']}").read_bytes()
            for n, s in zip(names, specs, strict=True)
        }
    )
    location = submit(client, city_admin, upload)
    run_jobs()
    page = client.get(location).content.decode()
    for spec in specs:
        assert spec["unit"] in page
    book = load_workbook(
        io.BytesIO(b"".join(client.get(reverse("jobs:download", args=[Job.objects.get().pk]))))
    )
    rows = list(book["汇总"].iter_rows(values_only=True))
    head, lines = rows[0], {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert [row[1] for row in rows[1:]] == names
    for name, spec in zip(names, specs, strict=True):
        by_rule = {}
        for fault in spec["faults"]:
            by_rule[fault["rule"]] = by_rule.get(fault["rule"], 0) + 1
        assert {rule: lines[name][rule] for rule in by_rule} == by_rule
        assert lines[name]["问题数"] == len(spec["faults"])
        assert lines[name]["结果"] == ("未发现问题" if spec["consistent"] else "有问题")
    assert "执行率不符" in head
    details = list(book["问题明细"].iter_rows(values_only=True))
    assert len(details) - 1 == sum(len(s["faults"]) for s in specs)


def test_several_reports_chosen_at_once_are_checked_as_one_batch(client, city_admin):
    corpus = Path(__file__).parents[1] / "reports" / "corpus" / "files"
    first = io.BytesIO((corpus / "h3-04-putuo-tiyu-2022.pdf").read_bytes())
    first.name = "普陀体育.pdf"
    second = io.BytesIO((corpus / "h2-01-yunnan-yongde-minglang-yingyang-2022.xlsx").read_bytes())
    second.name = "明朗中学.xlsx"
    same_name = io.BytesIO((corpus / "h2-01-yunnan-yongde-minglang-yingyang-2022.xlsx").read_bytes())
    same_name.name = "明朗中学.xlsx"
    client.force_login(city_admin)
    response = client.post(reverse("reports:batch"), {"file": [first, second, same_name]})
    assert response.status_code == 302
    run_jobs()
    files = {f["name"]: f for f in Job.objects.get().result["files"]}
    assert set(files) == {"普陀体育.pdf", "明朗中学.xlsx", "明朗中学（2）.xlsx"}
    assert [x["rule"] for x in files["普陀体育.pdf"]["findings"]] == ["执行率不符"]  # 86.18% printed 86.19%
    assert files["明朗中学.xlsx"]["status"] == files["明朗中学（2）.xlsx"]["status"] == "clean"


def test_several_files_with_one_of_another_kind_are_refused_naming_it(client, city_admin):
    report = io.BytesIO(SEED.read_bytes())
    report.name = "报告.docx"
    note = io.BytesIO("请查收".encode())
    note.name = "说明.txt"
    client.force_login(city_admin)
    page = client.post(reverse("reports:batch"), {"file": [report, note]}).content.decode()
    assert "“说明.txt”不是" in page
    assert not Job.objects.exists()
