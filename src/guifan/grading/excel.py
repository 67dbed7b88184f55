"""Standards to and from Excel: sheet 条目 (items) and sheet 等级 (grade bands)."""

from decimal import Decimal, InvalidOperation
from typing import IO

from openpyxl import load_workbook

from guifan.core import xlsx
from guifan.registry.imports import RowError, cell_text

from .constants import CheckMethod
from .models import Standard

ITEM_HEADER = ["编号", "所属部分", "名称", "要求", "满分", "检查方式", "须提供佐证", "一票否决"]
BAND_HEADER = ["最低分", "等级"]
METHODS = {label: value for value, label in CheckMethod.choices}
YES = {"是", "Y", "y", "1", "TRUE", "True", "true"}


def write_standard(standard: Standard, target: IO[bytes]) -> None:
    workbook, items = xlsx.new_workbook("条目")
    xlsx.append_row(items, ITEM_HEADER)
    for i in standard.items.select_related("section").order_by("order", "id"):
        xlsx.append_row(
            items,
            [
                i.code,
                i.section.code if i.section else "",
                i.title,
                i.requirement,
                float(i.max_points) if i.max_points is not None else None,
                i.get_check_method_display() if i.check_method else "",
                "是" if i.evidence_required else "",
                "是" if i.veto else "",
            ],
        )
    bands = workbook.create_sheet("等级")
    xlsx.append_row(bands, BAND_HEADER)
    for band in standard.bands:
        xlsx.append_row(bands, [float(band["minimum"]), band["grade"]])
    workbook.save(target)


def _points(text: str, row: int, errors: list[RowError]) -> Decimal | None:
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        errors.append(RowError(row, "满分", f"满分“{text}”不是数字"))
        return None
    if value <= 0 or value != value.quantize(Decimal("0.1")):
        errors.append(RowError(row, "满分", f"满分应为大于0、最多一位小数的数，实为“{text}”"))
    return value


class UnreadableSheet(Exception):
    """A sheet broke while its rows were read; the message names the sheet and row, in Chinese."""


def _rows(sheet) -> list[tuple]:
    rows: list[tuple] = []
    try:
        for cells in sheet.iter_rows(values_only=True):
            rows.append(cells)
    except xlsx.READ_ERRORS as exc:
        reason = xlsx.read_error_reason(exc)
        raise UnreadableSheet(
            f"无法读取文件：“{sheet.title}”表第{len(rows) + 1}行起无法读取（{reason}）"
        ) from exc
    return rows


def read_standard(source: IO[bytes]) -> tuple[list[dict], list[dict], list[RowError]]:
    """(items, bands, errors). Items in order; a section row has no 满分."""
    errors: list[RowError] = []
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception:  # any unreadable upload gets the same message
        return [], [], [RowError(0, "", "无法读取文件：请上传 .xlsx 文件")]
    try:
        if "条目" not in workbook.sheetnames or "等级" not in workbook.sheetnames:
            return [], [], [RowError(0, "", "文件须有“条目”和“等级”两张工作表")]
        rows, band_rows = _rows(workbook["条目"]), _rows(workbook["等级"])
    except UnreadableSheet as exc:
        return [], [], [RowError(0, "", str(exc))]
    finally:
        workbook.close()
    if not rows or [cell_text(c) for c in rows[0][: len(ITEM_HEADER)]] != ITEM_HEADER:
        errors.append(RowError(1, "", f"“条目”表头应为：{'、'.join(ITEM_HEADER)}"))
        return [], [], errors
    items, codes, sections = [], set(), set()
    total = Decimal(0)
    for number, cells in enumerate(rows[1:], start=2):
        values = dict(zip(ITEM_HEADER, (cell_text(c) for c in cells), strict=False))
        if not any(values.values()):
            continue
        code, section, method = values["编号"], values.get("所属部分", ""), values.get("检查方式", "")
        if not code:
            errors.append(RowError(number, "编号", "编号不能为空"))
        elif code in codes:
            errors.append(RowError(number, "编号", f"编号“{code}”重复"))
        if not values.get("名称"):
            errors.append(RowError(number, "名称", "名称不能为空"))
        if section and section not in sections:
            errors.append(RowError(number, "所属部分", f"找不到所属部分“{section}”（须是前面的部分行）"))
        if method and method not in METHODS:
            errors.append(RowError(number, "检查方式", f"检查方式应为：{'、'.join(METHODS)}"))
        points = _points(values.get("满分", ""), number, errors)
        codes.add(code)
        if points is None:
            sections.add(code)
        else:
            total += points
        items.append(
            {
                "code": code,
                "section": section,
                "title": values.get("名称", ""),
                "requirement": values.get("要求", ""),
                "max_points": points,
                "check_method": METHODS.get(method, ""),
                "evidence_required": values.get("须提供佐证") in YES,
                "veto": values.get("一票否决") in YES,
            }
        )
    if not errors and total != 100:
        errors.append(RowError(0, "满分", f"各条目满分合计应为100，实为{total}"))
    bands = []
    for number, cells in enumerate(band_rows[1:], start=2):
        minimum, grade = (cell_text(c) for c in [*cells, None, None][:2])
        if not minimum and not grade:
            continue
        try:
            bands.append({"minimum": str(Decimal(minimum)), "grade": grade})
        except InvalidOperation:
            errors.append(RowError(number, "最低分", f"“等级”表最低分“{minimum}”不是数字"))
        if not grade:
            errors.append(RowError(number, "等级", "“等级”表等级名称不能为空"))
    if not bands and not errors:
        errors.append(RowError(0, "", "“等级”表至少要有一个等级"))
    return items, bands, errors
