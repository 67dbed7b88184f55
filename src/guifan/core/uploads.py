"""Checking uploaded evidence files by their content, not just their name. Pure Python."""

import zipfile
from typing import IO

from .archives import HostileFile, check_archive

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
}
_ZIP_MARKERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
ALLOWED = tuple(_SIGNATURES)
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def upload_error(name: str, size: int, stream: IO[bytes], max_bytes: int = MAX_UPLOAD_BYTES) -> str | None:
    """A Chinese message when the file is too large, of a type not accepted, or not what its
    extension says; None when it is fine. The stream is left at its start."""
    ext = extension(name)
    if ext not in _SIGNATURES:
        return f"“{name}”的类型不能上传：只接受 {'、'.join(e.upper() for e in ALLOWED if e != 'jpeg')} 文件"
    if size > max_bytes:
        return f"“{name}”有 {size / 1024 / 1024:.1f} MB，超过 {max_bytes // 1024 // 1024} MB 的上限"
    if size == 0:
        return f"“{name}”是空文件"
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    if not any(head.startswith(signature) for signature in _SIGNATURES[ext]):
        return f"“{name}”的内容不是 {ext.upper()} 文件，请检查文件是否损坏或扩展名是否正确"
    if ext in _ZIP_MARKERS:
        try:
            check_archive(stream, ext, name=name)
        except HostileFile as error:
            return str(error)
        try:
            with zipfile.ZipFile(stream) as archive:
                ok = _ZIP_MARKERS[ext] in archive.namelist()
        except zipfile.BadZipFile:
            ok = False
        stream.seek(0)
        if not ok:
            return f"“{name}”的内容不是 {ext.upper()} 文件，请检查文件是否损坏或扩展名是否正确"
    return None


class UploadRefused(ValueError):
    """The upload is refused; str() is the Chinese message naming the file."""


def stored_fields(upload) -> dict:
    """The fields an uploaded-file record stores (file, name, type, size), after `upload_error`
    accepted it; `UploadRefused` otherwise. One check for every kind of evidence."""
    if error := upload_error(upload.name, upload.size, upload):
        raise UploadRefused(error)
    return {
        "file": upload,
        "original_name": upload.name[:200],
        "content_type": CONTENT_TYPES[extension(upload.name)],
        "size": upload.size,
    }
