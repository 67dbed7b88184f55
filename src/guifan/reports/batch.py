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

from guifan.core.archives import LIMITS, MB

from .audit import audit_file
from .reader import UnreadableReport

log = logging.getLogger(__name__)
UTF8_NAMES = 0x800  # zip flag: member names are UTF-8; without it Chinese tools write GBK


def run_batch_check(job, progress) -> dict[str, Any]:
    path = Path(job.input_path)
    files: list[dict[str, Any]] = []
    if path.suffix.lower() == ".docx":
        progress(0, 1, "检查报告")
        with path.open("rb") as source:
            files.append(_checked(job.input_name, source))
        progress(1)
    else:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir() and not _is_junk(m.filename)]
            progress(0, len(members), "检查报告")
            for done, member in enumerate(members, start=1):
                files.append(_member(archive, member))
                progress(done)
    return {
        "outcome": "checked",
        "files": files,
        "with_findings": sum(1 for f in files if f["findings"]),
        "unreadable": sum(1 for f in files if f["status"] == "unreadable"),
    }


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


def _member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> dict[str, Any]:
    try:
        return _member_checked(archive, member)
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError, OSError):
        return _unreadable(member_name(member), "压缩包中的这个文件已损坏或加密，未检查")


def _member_checked(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> dict[str, Any]:
    name = member_name(member)
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".zip":
        return _unreadable(name, "压缩包中又套了压缩包，未检查：请把报告直接放在同一个压缩包里")
    if suffix != ".docx":
        return _unreadable(name, "不是 Word 文档（.docx），未检查")
    if member.file_size > LIMITS["docx"].max_bytes:
        return _unreadable(name, f"解压后超过 Word 文档 {LIMITS['docx'].max_bytes // MB} MB 的上限，未检查")
    return _checked(name, io.BytesIO(archive.read(member)))


def _checked(name: str, source) -> dict[str, Any]:
    try:
        audit = audit_file(source)  # the reader checks the archive's limits first
    except UnreadableReport as error:
        return _unreadable(name, str(error))
    except Exception:  # one report the reader chokes on must not fail the other 499
        log.exception("batch check: %s", name)
        return _unreadable(name, "读取时出错，未检查：请用 Word 打开后另存为 .docx 再检查")
    return {
        "name": name,
        "status": "findings" if audit.findings else "clean",
        "recognised": list(audit.recognised),
        "findings": [asdict(f) for f in audit.findings],  # as `check-report --json` writes them
        "message": "",
    }


def _unreadable(name: str, message: str) -> dict[str, Any]:
    return {"name": name, "status": "unreadable", "recognised": [], "findings": [], "message": message}
