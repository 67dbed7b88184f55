"""Indicator trees to and from Excel, one row per indicator (parents before children)."""

from decimal import Decimal, InvalidOperation
from typing import IO

from openpyxl import load_workbook

from guifan.core import xlsx
from guifan.registry.imports import RowError, cell_text

from .sources import SOURCES

HEADER = [
    "编号",
    "上级编号",
    "指标",
    "分值",
    "指标性质",
    "年度指标值",
    "计量单位",
    "数据来源",
    "评分方法",
    "评价要点",
]
METHODS = {"", "ratio", "inverse", "equality", "budget", "qualitative", "deduction"}
NATURES = {"", "≥", "≤", "=", "定性"}


def write_indicators(evaluation, target: IO[bytes]) -> None:
    workbook, sheet = xlsx.new_workbook("指标")
    xlsx.append_row(sheet, HEADER)
    codes = {i.pk: i.code for i in evaluation.indicators.all()}
    for i in evaluation.indicators.order_by("order"):
        xlsx.append_row(
            sheet,
            [
                i.code,
                codes.get(i.parent_id, ""),
                i.name,
                float(i.weight),
                i.nature,
                f"{i.target.normalize():f}" if i.target is not None else "",
                i.unit,
                i.source,
                i.method,
                i.points,
            ],
        )
    workbook.save(target)


def read_indicators(source: IO[bytes]) -> tuple[list[dict], list[RowError]]:
    """Nested nodes as in the template data files, or the errors (row, column, reason)."""
    try:
        rows = list(
            load_workbook(source, read_only=True, data_only=True).worksheets[0].iter_rows(values_only=True)
        )
    except Exception:  # any unreadable upload gets the same message
        return [], [RowError(0, "", "无法读取文件：请上传 .xlsx 文件")]
    if not rows or [cell_text(c) for c in rows[0][: len(HEADER)]] != HEADER:
        return [], [RowError(1, "", f"表头应为：{'、'.join(HEADER)}")]
    errors: list[RowError] = []
    nodes: dict[str, dict] = {}
    roots: list[dict] = []
    for number, cells in enumerate(rows[1:], start=2):
        values = dict(zip(HEADER, (cell_text(c) for c in cells), strict=False))
        if not any(values.values()):
            continue
        code, parent = values["编号"], values.get("上级编号", "")
        if not code or code in nodes:
            errors.append(RowError(number, "编号", "编号为空" if not code else f"编号“{code}”重复"))
            continue
        try:
            weight = Decimal(values.get("分值") or "x")
        except InvalidOperation:
            errors.append(RowError(number, "分值", f"分值“{values.get('分值', '')}”不是数字"))
            weight = Decimal(0)
        if values.get("数据来源") and values["数据来源"] not in SOURCES:
            errors.append(
                RowError(
                    number, "数据来源", f"未知数据来源“{values['数据来源']}”，可用：{'、'.join(SOURCES)}"
                )
            )
        if values.get("评分方法", "") not in METHODS:
            errors.append(RowError(number, "评分方法", f"未知评分方法“{values['评分方法']}”"))
        if values.get("指标性质", "") not in NATURES:
            errors.append(RowError(number, "指标性质", "指标性质应为 ≥、≤、= 或 定性"))
        target = values.get("年度指标值", "")
        if values.get("评分方法") in {"ratio", "inverse"} and target in {"", "0"}:
            errors.append(RowError(number, "年度指标值", "比率法和反比法的年度指标值须大于0"))
        node = {
            "code": code,
            "name": values.get("指标", ""),
            "weight": str(weight),
            "nature": values.get("指标性质", ""),
            "target": target or None,
            "unit": values.get("计量单位", ""),
            "source": values.get("数据来源", ""),
            "method": values.get("评分方法", ""),
            "points": values.get("评价要点", ""),
            "children": [],
        }
        if parent:
            if parent not in nodes:
                errors.append(RowError(number, "上级编号", f"找不到上级“{parent}”（上级须写在前面）"))
                continue
            nodes[parent]["children"].append(node)
        else:
            roots.append(node)
        nodes[code] = node
    return roots, errors
