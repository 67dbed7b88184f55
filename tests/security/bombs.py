"""Hostile files built from valid ones: zip bombs, billion laughs, truncated and disguised files."""

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

from docx import Document
from openpyxl import Workbook

MB = 1024 * 1024


def valid_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["机构名称", "所属县区", "负责人姓名", "电话"])
    sheet.append(["某某盲人按摩店", "五华区", "张三", "13900000001"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def valid_docx() -> bytes:
    document = Document()
    document.add_paragraph("2023年度绩效自评报告")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rebuilt(base: bytes, target: Path, replace: dict[str, Iterable[bytes]]) -> Path:
    """`base` with the named members' content replaced by the chunks given (streamed, so a member of
    hundreds of MB never sits in memory)."""
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in source.infolist():
            if info.filename not in replace:
                out.writestr(info, _linked(info.filename, source.read(info.filename), replace))
        for name, chunks in replace.items():
            with out.open(name, "w", force_zip64=True) as member:
                for chunk in chunks:
                    member.write(chunk)
    return target


def _linked(name: str, data: bytes, replace: dict) -> bytes:
    """openpyxl writes no shared-strings part for a small sheet: link the one added."""
    if "xl/sharedStrings.xml" not in replace or b"sharedStrings" in data:
        return data
    if name == "xl/_rels/workbook.xml.rels":
        return data.replace(
            b"</Relationships>",
            b'<Relationship Id="rIdSst" Target="sharedStrings.xml" Type="http://schemas.openxmlformats.org'
            b'/officeDocument/2006/relationships/sharedStrings"/></Relationships>',
        )
    if name == "[Content_Types].xml":
        return data.replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
    return data


def repeated(head: bytes, unit: bytes, size: int, tail: bytes) -> Iterable[bytes]:
    yield head
    block = unit * (MB // len(unit))
    for _ in range(size // len(block)):
        yield block
    yield tail


def sheet_bomb(target: Path, size: int = 300 * MB) -> Path:
    head = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    row = b'<row><c t="inlineStr"><is><t>A</t></is></c></row>'
    return rebuilt(
        valid_xlsx(),
        target,
        {"xl/worksheets/sheet1.xml": repeated(head, row, size, b"</sheetData></worksheet>")},
    )


def shared_strings_bomb(target: Path, size: int = 200 * MB) -> Path:
    head = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    return rebuilt(
        valid_xlsx(),
        target,
        {"xl/sharedStrings.xml": repeated(head, b"<si><t>AAAA</t></si>", size, b"</sst>")},
    )


def document_bomb(target: Path, size: int = 300 * MB) -> Path:
    head = (
        b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body>"
    )
    para = "<w:p><w:r><w:t>哈</w:t></w:r></w:p>".encode()
    return rebuilt(
        valid_docx(), target, {"word/document.xml": repeated(head, para, size, b"</w:body></w:document>")}
    )


LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'.encode()
        for i in range(1, 10)
    )
    + b"]>\n"
)


def docx_laughs(target: Path) -> Path:
    body = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        b"<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    return rebuilt(valid_docx(), target, {"word/document.xml": [LAUGHS, body]})


def xlsx_laughs(target: Path) -> Path:
    body = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>'
    )
    return rebuilt(valid_xlsx(), target, {"xl/sharedStrings.xml": [LAUGHS, body]})


def truncated(base: bytes, target: Path) -> Path:
    target.write_bytes(base[: len(base) // 2])
    return target


def disguised(target: Path) -> Path:
    """A PDF under an Office name."""
    target.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return target


def nested_zip(target: Path, depth: int = 3, width: int = 10) -> Path:
    """A zip of zips of zips (42.zip in small): each level is tiny, the last inflates hugely."""
    inner = io.BytesIO()
    with (
        zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as z,
        z.open("report.docx", "w", force_zip64=True) as member,
    ):
        for chunk in repeated(b"", b"\0" * 1024, 50 * MB, b""):
            member.write(chunk)
    data = inner.getvalue()
    for level in range(depth):
        outer = io.BytesIO()
        with zipfile.ZipFile(outer, "w", zipfile.ZIP_DEFLATED) as z:
            for i in range(width):
                z.writestr(f"level{level}-{i}.zip", data)
        data = outer.getvalue()
    target.write_bytes(data)
    return target
