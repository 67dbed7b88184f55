"""Bounded reading of uploaded Office files and zips. Pure Python.

An .xlsx or .docx is a zip archive. A hostile one declares little on the outside and inflates to
gigabytes of XML inside (a zip bomb). `check_archive` reads only the central directory — the list of
members with their declared sizes — and refuses the file before anything is inflated when the
member count, a member's size, the total size or a member's compression ratio is beyond the limits
for its kind. Python's zipfile never inflates a member past its declared size (it stops there and
then fails the CRC check), so checking the declared sizes bounds the work of every reader after it.
A part that declares a DTD is refused too (Office files never have one; "billion laughs" needs
one), and behind that no reader expands entities: python-docx parses with resolve_entities=False and
openpyxl uses defusedxml once it is installed.
"""

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    label: str
    max_bytes: int  # the file as uploaded
    max_members: int
    max_member: int  # one member, inflated
    max_total: int  # all members, inflated
    max_ratio: int  # inflated / compressed, for members above RATIO_FLOOR
    # Members outside `streamed` are read whole into memory by their reader and have a lower cap
    # (by folder, not by name: a part may be renamed, its reader finds it through the content types).
    streamed: str = ""
    max_whole_member: int = 0


RATIO_FLOOR = 1 * MB
LIMITS: dict[str, Limits] = {
    # A 200,000-row institution list is about 15 MB as .xlsx and 70 MB of sheet XML inside.
    "xlsx": Limits(
        label="Excel 文件",
        max_bytes=40 * MB,
        max_members=500,
        max_member=400 * MB,
        max_total=600 * MB,
        max_ratio=100,
        streamed="xl/worksheets/",  # openpyxl's read-only mode streams the sheets, nothing else
        max_whole_member=64 * MB,
    ),
    # python-docx reads every part into memory and parses the XML parts into trees.
    "docx": Limits(
        label="Word 文档",
        max_bytes=20 * MB,
        max_members=1000,
        max_member=30 * MB,
        max_total=120 * MB,
        max_ratio=100,
    ),
    # A batch of reports to check: its members are checked again, each as the file it is.
    "zip": Limits(
        label="压缩包",
        max_bytes=200 * MB,
        max_members=500,
        max_member=200 * MB,  # a report above the .docx limit is listed as not checked, not refused
        max_total=2000 * MB,
        max_ratio=100,
    ),
}


class HostileFile(Exception):
    """The file is refused before it is read; the message says why, in Chinese."""


def size_limit_text(kind: str) -> str:
    """For a form's help text: the limit a user meets first."""
    return f"不超过 {LIMITS[kind].max_bytes // MB} MB"


def check_archive(source: str | Path | IO[bytes], kind: str, *, name: str = "") -> None:
    """Refuse (HostileFile) a file of `kind` whose size or central directory is beyond LIMITS[kind].

    A stream is left at its start."""
    limits = LIMITS[kind]
    shown = f"“{name}”" if name else "该文件"
    size = file_size(source)
    if size > limits.max_bytes:
        raise HostileFile(
            f"{shown}有 {size / MB:.1f} MB，超过{limits.label} {limits.max_bytes // MB} MB 的上限"
        )
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
            _check_members(members, limits, shown)
            if kind != "zip":
                _refuse_dtds(archive, members, shown)
    except HostileFile:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        OSError,
        ValueError,
        EOFError,
        RuntimeError,  # an encrypted member
        NotImplementedError,  # a compression method zipfile cannot inflate
    ) as error:
        raise HostileFile(f"{shown}不是有效的{limits.label}（文件已损坏、被截断，或并非此格式）") from error
    finally:
        if hasattr(source, "seek"):
            source.seek(0)


def _check_members(members: list[zipfile.ZipInfo], limits: Limits, shown: str) -> None:
    if len(members) > limits.max_members:
        raise HostileFile(f"{shown}内含 {len(members)} 个部件，超过 {limits.max_members} 个的上限")
    total = 0
    for member in members:
        streamed = limits.streamed and member.filename.startswith(limits.streamed)
        cap = limits.max_member if streamed or not limits.max_whole_member else limits.max_whole_member
        if member.file_size > cap:
            raise HostileFile(
                f"{shown}中的“{member.filename}”解压后有 {member.file_size / MB:.1f} MB，"
                f"超过 {cap // MB} MB 的上限"
            )
        ratio = member.file_size // max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > limits.max_ratio:
            raise HostileFile(f"{shown}中的“{member.filename}”压缩比异常（{ratio} 倍），疑似压缩炸弹，已拒绝")
        total += member.file_size
        if total > limits.max_total:
            raise HostileFile(f"{shown}解压后超过 {limits.max_total // MB} MB 的上限")


DTD_SCAN_BYTES = 64 * 1024


def _refuse_dtds(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], shown: str) -> None:
    """Office Open XML never declares a DTD; one that does is built to expand entities
    ("billion laughs"). Only the head of each part is inflated: the prolog comes first."""
    for member in members:
        if member.filename.endswith((".xml", ".rels")):
            with archive.open(member) as part:
                head = part.read(DTD_SCAN_BYTES)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise HostileFile(
                    f"{shown}中的“{member.filename}”含有 DTD 实体声明（Office 文件不应有），已拒绝"
                )


def file_size(source: str | Path | IO[bytes]) -> int:
    """A path's or an upload's size in bytes; a stream is left at its start."""
    if isinstance(source, str | Path):
        return Path(source).stat().st_size
    if (size := getattr(source, "size", None)) is not None:
        return size
    position = source.seek(0, 2)
    source.seek(0)
    return position
