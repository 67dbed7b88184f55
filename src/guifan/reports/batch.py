"""Checking many self-evaluation reports at once: a .zip of them (or one .docx) as a background job.

Each member is checked as the file it is: its size against the .docx limits, then the same reader
and rules as the single check. A member that cannot be checked is listed with the reason; it never
stops the others."""

import io
import logging
import zipfile
import zlib
from dataclasses import asdict
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from guifan.core.archives import MB

from .audit import audit_file
from .readers import ACCEPTED, SUFFIXES, UnreadableReport

log = logging.getLogger(__name__)
MAX_REPORT = 20 * MB  # each report, whatever its format
UTF8_NAMES = 0x800  # zip flag: member names are UTF-8; without it Chinese tools write GBK


SUMMARY_NAME = "报告检查汇总.xlsx"


def run_batch_check(job, progress) -> dict[str, Any]:
    from guifan.jobs.services import output_path

    rules = job.params.get("rules")
    files = check_path(Path(job.input_path), progress, name=job.input_name, rules=rules)
    if job.output_name:
        summary_workbook(files).save(output_path(job))
    return {
        "outcome": "checked",
        "files": files,
        "with_findings": sum(1 for f in files if f["findings"]),
        "unreadable": sum(1 for f in files if f["status"] == "unreadable"),
    }


def check_path(
    path: Path, progress=None, *, name: str = "", rules: str | None = None
) -> list[dict[str, Any]]:
    """Every report in a file, a .zip or a folder (and its subfolders), each checked on its own."""
    progress = progress or (lambda *args: None)
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.is_file() and not _is_junk(str(p.relative_to(path))))
        progress(0, len(found), "检查报告")
        files = []
        for done, item in enumerate(found, start=1):
            shown = str(item.relative_to(path))
            files.extend(
                check_path(item, rules=rules)
                if item.suffix.lower() == ".zip"
                else [check_file(item, shown, rules)]
            )
            progress(done)
        return files
    if path.suffix.lower() != ".zip":
        progress(0, 1, "检查报告")
        result = check_file(path, name or path.name, rules)
        progress(1)
        return [result]
    with zipfile.ZipFile(path) as archive:
        members = [m for m in archive.infolist() if not m.is_dir() and not _is_junk(m.filename)]
        progress(0, len(members), "检查报告")
        files = []
        for done, member in enumerate(members, start=1):
            files.append(_member(archive, member, rules))
            progress(done)
        return files


def check_file(path: Path, name: str, rules: str | None = None) -> dict[str, Any]:
    """One report on disk, as the batch lists it (status, recognised forms, findings or the reason)."""
    if path.suffix.lower() not in SUFFIXES:
        return _unreadable(name, f"不是可检查的报告文件（{ACCEPTED}），未检查")
    if path.stat().st_size > MAX_REPORT:
        return _unreadable(name, f"超过 {MAX_REPORT // MB} MB 的上限，未检查")
    with path.open("rb") as source:
        return _checked(name, source, rules)


def member_name(member: zipfile.ZipInfo) -> str:
    """The name as its author typed it: zips made on Chinese Windows carry GBK names unflagged."""
    if member.flag_bits & UTF8_NAMES:
        return member.filename
    try:
        return member.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return member.filename


def _is_junk(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return not parts or any(p.startswith(("__MACOSX", ".")) for p in parts) or parts[-1].startswith("~$")


def _member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, rules: str | None) -> dict[str, Any]:
    try:
        return _member_checked(archive, member, rules)
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError, OSError):
        return _unreadable(member_name(member), "压缩包中的这个文件已损坏或加密，未检查")


def _member_checked(archive: zipfile.ZipFile, member: zipfile.ZipInfo, rules: str | None) -> dict[str, Any]:
    name = member_name(member)
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".zip":
        return _unreadable(name, "压缩包中又套了压缩包，未检查：请把报告直接放在同一个压缩包里")
    if suffix not in SUFFIXES:
        return _unreadable(name, f"不是可检查的报告文件（{ACCEPTED}），未检查")
    if member.file_size > MAX_REPORT:
        return _unreadable(name, f"解压后超过 {MAX_REPORT // MB} MB 的上限，未检查")
    return _checked(name, io.BytesIO(archive.read(member)), rules)


def _checked(name: str, source, rules: str | None = None) -> dict[str, Any]:
    try:
        audit = audit_file(source, name, rules)  # the reader checks the file's limits first
    except UnreadableReport as error:
        return _unreadable(name, str(error))
    except Exception:  # one report the reader chokes on must not fail the other 499
        log.exception("batch check: %s", name)
        return _unreadable(name, "读取时出错，未检查：请用 Word 打开后另存为 .docx 再检查")
    national = audit.figures.national
    return {
        "name": name,
        "status": "findings" if audit.findings else "clean",
        "unit": national.unit if national is not None else "",
        "project": national.project if national is not None else "",
        "recognised": list(audit.recognised),
        "unplaced": audit.unplaced,
        "findings": [asdict(f) for f in audit.findings],  # as `check-report --json` writes them
        "message": "",
    }


def _unreadable(name: str, message: str) -> dict[str, Any]:
    return {
        "name": name,
        "status": "unreadable",
        "unit": "",
        "project": "",
        "recognised": [],
        "unplaced": [],
        "findings": [],
        "message": message,
    }


def bundle(uploads) -> SimpleUploadedFile:
    """Several reports chosen at once, as one .zip for the job (names kept, a repeated name numbered)."""
    buffer = io.BytesIO()
    seen: dict[str, int] = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for upload in uploads:
            name = upload.name
            seen[name] = seen.get(name, 0) + 1
            if seen[name] > 1:
                name = f"{PurePosixPath(name).stem}（{seen[name]}）{PurePosixPath(name).suffix}"
            archive.writestr(name, b"".join(upload.chunks()))
    return SimpleUploadedFile(f"报告{len(uploads)}份.zip", buffer.getvalue(), "application/zip")


STATUS = {"findings": "有问题", "clean": "未发现问题", "unreadable": "无法检查"}


def summary_workbook(files: list[dict[str, Any]]):
    """The batch as a workbook: one line per file (unit, project, forms recognised, findings by
    rule), then every finding with its place — what a finance bureau files and follows up."""
    from guifan.core.xlsx import append_row, new_workbook

    rules = sorted({x["rule"] for f in files for x in f["findings"]})
    workbook, sheet = new_workbook("汇总")
    append_row(
        sheet, ["序号", "文件", "单位", "项目", "结果", "识别出的表格", "问题数", *rules, "未能识别", "说明"]
    )
    for n, f in enumerate(files, start=1):
        by_rule = {rule: sum(1 for x in f["findings"] if x["rule"] == rule) for rule in rules}
        append_row(
            sheet,
            [
                n,
                f["name"],
                f.get("unit", ""),
                f.get("project", ""),
                STATUS[f["status"]],
                "、".join(f["recognised"]),
                len(f["findings"]),
                *(by_rule[r] or None for r in rules),
                "；".join(f.get("unplaced", [])),
                f["message"],
            ],
        )
    details = workbook.create_sheet("问题明细")
    append_row(details, ["文件", "问题", "位置", "应为", "实为", "说明"])
    for f in files:
        for x in f["findings"]:
            append_row(
                details, [f["name"], x["rule"], x["location"], x["expected"], x["found"], x["message"]]
            )
    return workbook
