"""Rules for the institution list (表1), the funds table (表2), execution rates and the annual target.
Pure Python."""

from decimal import Decimal

from guifan.evaluation.domain import display

from .figures import HUNDRED, Findings, ReportFigures, fmt, same


def institution_table(f: ReportFigures, out: Findings) -> None:
    t = f.institutions
    if t is None:
        return
    standard = f.text.standard.value if f.text.standard else None
    for g in t.groups:
        where = f"{t.location}{g.county}"
        if g.count is not None and g.count != g.rows:
            out.add("合计不符", where, g.rows, g.count, f"县区机构数写{g.count}家，表中列出{g.rows}家")
        if (
            standard is not None
            and g.amount is not None
            and g.count is not None
            and g.amount != g.count * standard
        ):
            out.add(
                "数量×标准≠金额",
                where,
                fmt(g.count * standard, "万元"),
                fmt(g.amount, "万元"),
                f"{g.count}家×{fmt(standard)}万元/家应为{fmt(g.count * standard)}万元",
            )
    rows = sum(g.rows for g in t.groups)
    amounts = sum((g.amount for g in t.groups if g.amount is not None), Decimal(0))
    if t.total_count is not None and t.total_count != rows:
        out.add("合计不符", f"{t.location}合计行", rows, t.total_count, f"合计机构数与所列{rows}家不符")
    if t.total_amount is not None and t.total_amount != amounts:
        out.add(
            "合计不符",
            f"{t.location}合计行",
            fmt(amounts),
            fmt(t.total_amount),
            "合计金额与各县区金额之和不符",
        )
    for stated in f.text.completed:
        if stated.value != rows:
            out.add(
                "文表不符", stated.location, rows, fmt(stated.value), f"文中机构数与机构名单的{rows}家不符"
            )


def funds_table(f: ReportFigures, out: Findings) -> None:
    standard = f.text.standard.value if f.text.standard else None
    for row in f.funds:
        where = f"{f.funds_location}{row.year}年度资金"
        if row.rate is not None and row.budget and not same(row.rate, row.paid * HUNDRED / row.budget):
            expected = display(row.paid * HUNDRED / row.budget, 2)
            out.add("执行率不符", where, fmt(expected, "%"), fmt(row.rate, "%"), "执行率应为支出÷同年度预算")
        if standard is not None and row.institutions is not None and row.paid != row.institutions * standard:
            out.add(
                "数量×标准≠金额",
                where,
                fmt(row.institutions * standard, "万元"),
                fmt(row.paid, "万元"),
                f"{row.institutions}家×{fmt(standard)}万元/家",
            )


def _earlier_year_money(f: ReportFigures) -> tuple[int, Decimal] | None:
    """Money from an earlier funding year, as the report itself says (remark or text), in 万元."""
    standard = f.text.standard.value if f.text.standard else None
    if f.text.earlier_year_remark and standard is not None:
        year, count, _ = f.text.earlier_year_remark
        return year, count * standard
    return None


def execution_rates(f: ReportFigures, out: Findings) -> None:
    for e in f.text.executions:
        budget = e.budget or (f.text.budget.value if f.text.budget else None)
        if not budget:
            continue
        exact = e.paid * HUNDRED / budget
        if not same(e.rate, exact):
            out.add(
                "执行率不符",
                e.location,
                fmt(display(exact, 2), "%"),
                fmt(e.rate, "%"),
                f"支出{fmt(e.paid)}万元÷预算{fmt(budget)}万元",
            )
        if e.rate > HUNDRED:
            earlier = _earlier_year_money(f)
            if earlier:
                year, money = earlier
                own = e.paid - money
                out.add(
                    "执行率超过100%",
                    e.location,
                    fmt(display(own * HUNDRED / budget, 2), "%"),
                    fmt(e.rate, "%"),
                    f"支出{fmt(e.paid)}万元含{year}年度资金{fmt(money)}万元；执行率应按同一资金年度计算："
                    f"本年度资金支出{fmt(own)}万元÷预算{fmt(budget)}万元",
                )
            else:
                out.add(
                    "执行率超过100%",
                    e.location,
                    "≤100%",
                    fmt(e.rate, "%"),
                    "执行率超过100%：支出可能包含其他年度的资金，应按资金年度分别计算",
                )


def annual_target(f: ReportFigures, out: Findings) -> None:
    target = f.text.annual_target
    if target is None:
        return
    for stated in f.text.completed:
        if stated.value <= target.value:
            continue
        split = f.text.completed_by_year
        if split and sum(split.values()) == stated.value:
            continue  # the text says how many were paid from which year's money
        remark = f.text.earlier_year_remark
        detail = ""
        if remark:
            year, count, where = remark
            detail = (
                f"；{where}称其中{count}家使用{year}年度资金，本年度资金完成{fmt(stated.value - count)}家"
            )
        out.add(
            "完成数与年度目标不符",
            stated.location,
            f"年度目标{fmt(target.value)}家",
            f"{fmt(stated.value)}家",
            f"完成{fmt(stated.value)}家超过年度目标{fmt(target.value)}家，正文未说明资金年度构成{detail}",
        )
        return
