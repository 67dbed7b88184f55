"""The national 项目支出绩效自评表 (财预〔2020〕10号 附件1) and its provincial variants, read by content.

The blocks are found by their words wherever they stand: the 项目资金 block by the row that names
年度资金总额 under a header of 预算数 / 执行数 columns, the 年度总体目标 by 预期目标 and 实际完成情况,
the 绩效指标 block by a header of 一级指标 … 分值 / 得分, the 总分 row by its label. A form may be one
table or split over several (a page break repeats the header), with title and unit rows inside the
table, merged cells and blank spacer columns. What the reader cannot place it lists as unplaced
instead of guessing. Pure Python.
"""

import re
from decimal import Decimal

from .document import Document, Para, Table
from .domain.national_figures import NUMBER, Funds, FundsLine, Indicator, NationalForm, Num, num


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def _rows(document: Document) -> list[list[str | None]]:
    """Every table's rows, one after another: a form split over tables (or pages) reads as one."""
    rows: list[list[str | None]] = []
    for block in document.blocks:
        if isinstance(block, Table):
            rows.extend([_clean(c) if c is not None else None for c in row] for row in block.rows)
    return rows


def _filled(row: list[str | None]) -> list[tuple[int, str]]:
    return [(i, c) for i, c in enumerate(row) if c]


def _find(row: list[str | None], *words: str, avoid: tuple[str, ...] = ()) -> int | None:
    for i, c in enumerate(row):
        if c and any(w in c for w in words) and not any(a in c for a in avoid):
            return i
    return None


def read_form(document: Document) -> NationalForm:
    form = NationalForm(texts=[b.text for b in document.blocks if isinstance(b, Para)])
    rows = _rows(document)
    i = 0
    while i < len(rows):
        row = rows[i]
        _names(row, form)
        if form.funds is None and (total_at := _funds_total(rows, i)) is not None:
            i = _funds(rows, i, total_at, form)
        elif (
            _find(row, "预期目标") is not None
            and _find(row, "实际完成") is not None
            and not form.expected_goal
        ):
            i = _goals(rows, i, form)
        elif _is_indicator_header(row) and not form.indicators:
            i = _indicators(rows, i, form)
        else:
            i += 1
    if form.funds is None and any(_find(r, "年度资金总额") is not None for r in rows):
        form.unplaced.append("项目资金：找到“年度资金总额”，但未能识别其预算数、执行数的列")
    return form


def _names(row: list[str | None], form: NationalForm) -> None:
    """项目名称 and 实施单位 (or 主管部门): the cell after the label."""
    filled = _filled(row)
    for n, (_, text) in enumerate(filled[:-1]):
        value = filled[n + 1][1]
        if text in ("项目名称", "项目名称：") and not form.project:
            form.project = value
        elif len(text) <= 8 and (
            text.startswith(("实施单位", "项目实施单位"))
            or (text.startswith(("主管部门", "预算单位", "单位名称")) and not form.unit)
        ):
            form.unit = value


# ---- 项目资金 -------------------------------------------------------------------------------------

AMOUNT_WORDS = (
    "预算数",
    "执行数",
    "预算执行",
    "年初预算",
    "调整后预算",
    "实际支出",
    "支出数",
    "安排数",
    "到位数",
)
TOTAL_LABELS = ("资金总额", "总额", "合计", "总计")
POINTS = re.compile(r"[（(]?(\d+(?:\.\d+)?)分")


def _is_funds_header(row: list[str | None]) -> bool:
    return (
        not _is_indicator_header(row)
        and sum(1 for _, c in _filled(row) if any(w in c for w in AMOUNT_WORDS)) >= 2
    )


def _funds_total(rows: list[list[str | None]], at: int) -> int | None:
    """The 年度资金总额 line (总额, 合计 …) right under a header of 预算数 / 执行数 columns."""
    if not _is_funds_header(rows[at]):
        return None
    for t in range(at + 1, min(at + 3, len(rows))):
        if _total_label_at(rows[t]) is not None:
            return t
    return None


def _total_label_at(row: list[str | None]) -> int | None:
    """Where a funds line's first labels say it is the total (总额, 年度资金总额, 合计 …)."""
    labels = [(i, c) for i, c in _filled(row) if num(c) is None][:2]
    return next((i for i, c in labels if any(w in c for w in TOTAL_LABELS) and len(c) <= 12), None)


def _funds(rows: list[list[str | None]], at: int, total_at: int, form: NationalForm) -> int:
    header, total_row = rows[at], rows[total_at]
    label_at = _total_label_at(total_row)
    columns = {
        i: c
        for i, c in _filled(header)
        if i > label_at and any(w in c for w in AMOUNT_WORDS) and "执行率" not in c
    }
    if not columns:
        form.unplaced.append("项目资金：找到总额行，但未能识别其预算数、执行数的列")
        return total_at + 1
    weight_at = _find(header, "分值", "权重")
    rate_at, score_at = _find(header, "执行率"), _find(header, "得分")

    def line(row: list[str | None]) -> FundsLine:
        label = row[label_at] or "" if label_at < len(row) else ""
        return FundsLine(label, {name: num(row[i]) if i < len(row) else None for i, name in columns.items()})

    weight = num(total_row[weight_at]) if weight_at is not None else None
    if weight is None:  # "预算执行情况(20分)", "得分(20分*执行率)": the points named in the header
        points = next((m for _, c in _filled(header) if (m := POINTS.search(c))), None)
        weight = Num(points.group(1), Decimal(points.group(1)), 0) if points else None
    funds = Funds(
        columns=list(columns.values()),
        total=line(total_row),
        parts=[],
        budget_column=next(
            (c for c in columns.values() if ("全年预算" in c or "调整后预算" in c) and "执行" not in c),
            next((c for c in columns.values() if c.startswith("预算数")), None),
        ),
        opening_column=next((c for c in columns.values() if "年初" in c), None),
        spent_column=next((c for c in columns.values() if "执行数" in c or "实际支出" in c), None),
        weight=weight,
        rate=num(total_row[rate_at], rate=True) if rate_at is not None else None,
        score=num(total_row[score_at]) if score_at is not None else None,
    )
    i = total_at + 1
    while i < len(rows) and (label := line(rows[i]).label) and _is_funds_part(label):
        funds.parts.append(line(rows[i]))
        i += 1
    form.funds = funds
    return i


def _is_funds_part(label: str) -> bool:
    return label.startswith("其中") or any(w in label for w in ("资金", "拨款", "结转", "自筹", "其他"))


# ---- 年度总体目标 ---------------------------------------------------------------------------------


def _goals(rows: list[list[str | None]], at: int, form: NationalForm) -> int:
    header = rows[at]
    expected_at, actual_at = _find(header, "预期目标"), _find(header, "实际完成")
    i = at + 1
    texts_e, texts_a = [], []
    while i < len(rows) and not _is_indicator_header(rows[i]) and not _starts_block(rows[i]):
        row = rows[i]
        texts_e.append(row[expected_at] or "" if expected_at < len(row) else "")
        texts_a.append(row[actual_at] or "" if actual_at < len(row) else "")
        i += 1
    form.expected_goal, form.actual_goal = "".join(texts_e), "".join(texts_a)
    return i


def _starts_block(row: list[str | None]) -> bool:
    """A row that opens the next block of the form (its label in the first filled cell)."""
    first = next((c for _, c in _filled(row)), "")
    return first.startswith(("绩效指标", "年度绩效指标", "总分")) or "资金总额" in first


# ---- 绩效指标 -------------------------------------------------------------------------------------


def _is_indicator_header(row: list[str | None]) -> bool:
    return (
        _find(row, "一级指标") is not None
        and _find(row, "得分") is not None
        and (_find(row, "指标值", "目标值") is not None or _find(row, "完成值", "实际值") is not None)
    )


def _indicators(rows: list[list[str | None]], at: int, form: NationalForm) -> int:
    header = rows[at]
    levels = [i for i, c in enumerate(header) if c and re.search(r"[一二三四]级指标", c)]
    columns = {
        "target": _find(header, "年度指标值", "指标值", "目标值", avoid=("实际", "性质")),
        "nature": _find(header, "指标性质"),
        "actual": _find(header, "实际完成值", "完成值", "实际值"),
        "weight": _find(header, "分值", "权重"),
        "score": _find(header, "得分"),
        "deviation": _find(header, "偏差原因", "未完成原因", "原因分析"),
        "unit": _find(header, "度量单位", "计量单位"),
    }
    carried: dict[int, str] = {}
    i = at + 1
    while i < len(rows):
        row = rows[i]
        if row == header:  # the header repeated on the next page
            i += 1
            continue
        first = next((c for _, c in _filled(row)), "")
        if first.startswith(("总分", "合计", "总计")) or _find(row, "总分") is not None:
            _total(row, columns, form)
            i += 1
            break
        if _find(row, "年度资金总额") is not None or _find(row, "预期目标") is not None:
            break
        for k in levels:
            if k < len(row) and row[k] is not None and row[k]:
                carried[k] = row[k]
                for deeper in levels:
                    if deeper > k and deeper < len(row) and row[deeper] is not None:
                        carried.pop(deeper, None)
        cell = {
            key: (row[at_] or "") if at_ is not None and at_ < len(row) else ""
            for key, at_ in columns.items()
        }
        names = tuple(carried.get(k, "") for k in levels)
        name = next((n for n in reversed(names) if n), "")
        weight, score = num(cell["weight"]), num(cell["score"])
        if name and (weight is not None or score is not None):
            target_text = cell["target"] + (
                cell["unit"] if cell["unit"] and NUMBER.fullmatch(cell["target"]) else ""
            )
            form.indicators.append(
                Indicator(
                    names, name, target_text, cell["actual"], cell["nature"], weight, score, cell["deviation"]
                )
            )
        i += 1
    for k in levels[:1]:
        for name in dict.fromkeys(r[k] for r in rows[at + 1 : i] if k < len(r) and r[k]):
            if (m := re.search(r"[（(](\d+(?:\.\d+)?)分[）)]", name)) is not None:
                form.group_weights.append((name, Num(m.group(1), Decimal(m.group(1)), 0)))
    return i


def _total(row: list[str | None], columns: dict[str, int | None], form: NationalForm) -> None:
    weight_at, score_at = columns["weight"], columns["score"]
    form.total_weight = num(row[weight_at]) if weight_at is not None and weight_at < len(row) else None
    form.total_score = num(row[score_at]) if score_at is not None and score_at < len(row) else None
    if form.total_score is None:  # the score written elsewhere in the row
        numbers = [n for _, c in _filled(row) if (n := num(c)) is not None]
        if numbers:
            form.total_score = numbers[-1]
    joined = "".join(c or "" for c in row)
    if grade := re.search(r"(?:等级|评价结果|结论)[:：]?[“\"]?([优良中差])", joined):
        form.grade = grade.group(1)
    elif lone := [c for _, c in _filled(row) if c in ("优", "良", "中", "差", "优秀", "良好")]:
        form.grade = lone[0][0]
