"""Rules of the national 项目支出绩效自评表 (财预〔2020〕10号 附件1), on what `national.read_form` read.

Each rule judges figures at the precision they were printed with: 86% for 86.2% or 9 points for
8.62 is rounding, never a finding. A figure the reader could not read (blank, "—", words) is left
out of every rule, so a finding is raised only on numbers the form really prints. Pure Python.
"""

import re
from decimal import Decimal

from guifan.evaluation.domain import grade_for
from guifan.evaluation.rulesets import RuleSet, ruleset

from .figures import HUNDRED, Findings, fmt, same
from .national_figures import Funds, Indicator, NationalForm, Num, actual_value, missed

FORM = "《项目支出绩效自评表》"
CLAIMS = re.compile(r"均已完成|全面完成|全部完成|均已达到|全部达到|均达到预期|均已实现|全部实现")
TARGET_WORDS = re.compile(r"指标|目标")
AMOUNT = r"(\d+(?:\.\d+)?)\s*万元"
# 共 as "in all" — not the 共 of 公共, 共享, 共建, 共同.
ALL = r"(?:共计|合计|总计|(?<!公)共(?![享建同用产有]))"
TOTAL_WORDS = re.compile(ALL + r"[^，。；、\d]{0,12}?" + AMOUNT)


def national_form(form: NationalForm, out: Findings, rules: RuleSet | None = None) -> None:
    """The national rules, and those of the chosen rule set (caps by execution rate, 指标偏离)."""
    rules = rules or ruleset(None)
    amounts_in_text(form, out)
    if not form.found:
        return
    if form.funds is not None:
        funds_totals(form.funds, out)
        execution(form.funds, out)
    weights_and_scores(form, out, rules)
    targets(form, out, rules)
    grade(form, out)
    amounts_in_goals(form, out)


def _within(printed: Num, exact: Decimal) -> bool:
    return same(printed.value.quantize(Decimal(1).scaleb(-printed.places)), exact)


# ---- 项目资金 -------------------------------------------------------------------------------------


def funds_totals(funds: Funds, out: Findings) -> None:
    """年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金, column by column."""
    for column in funds.columns:
        total = funds.total.amounts.get(column)
        parts = [p.amounts.get(column) for p in funds.parts]
        numbers = [p for p in parts if p is not None]
        if total is None or not numbers:
            continue
        exact = sum((p.value for p in numbers), Decimal(0))
        if not _within(total, exact):
            listed = " + ".join(f"{p.label}{n.text}" for p, n in zip(funds.parts, parts, strict=True) if n)
            out.add(
                "资金合计不符",
                f"{FORM}项目资金“{funds.total.label}”行“{column}”列",
                fmt(exact),
                total.text,
                f"年度资金总额应为其中各项之和（{listed} = {fmt(exact)}）",
                subject=column,
            )


def _rate(funds: Funds, budget_column: str | None) -> Decimal | None:
    if budget_column is None or funds.spent_column is None:
        return None
    budget = funds.total.amounts.get(budget_column)
    spent = funds.total.amounts.get(funds.spent_column)
    if budget is None or spent is None or budget.value == 0:
        return None
    return spent.value / budget.value * HUNDRED


def execution(funds: Funds, out: Findings) -> None:
    """执行率 = 全年执行数 ÷ 全年预算数; 预算执行得分 = 分值 × 执行率, at most 分值."""
    rate = _rate(funds, funds.budget_column)
    if rate is None:
        return
    where = f"{FORM}项目资金“{funds.total.label}”行"
    printed = funds.rate
    if printed is not None and not _within(printed, rate):
        opening = _rate(funds, funds.opening_column)
        note = "；所印执行率是以年初预算数计算的" if opening is not None and _within(printed, opening) else ""
        out.add(
            "执行率不符",
            f"{where}“执行率”",
            f"{fmt(round(rate, max(printed.places, 2)))}%",
            printed.text,
            f"执行率应为{funds.spent_column}÷{funds.budget_column}{note}",
            subject="执行率",
        )
    if funds.weight is None or funds.score is None:
        return
    expected = [funds.weight.value * min(rate, HUNDRED) / HUNDRED]
    if printed is not None:
        expected.append(funds.weight.value * min(printed.value, HUNDRED) / HUNDRED)
    if not any(_within(funds.score, e) for e in expected):
        out.add(
            "预算执行得分不符",
            f"{where}“得分”",
            fmt(round(expected[0], max(funds.score.places, 2))),
            funds.score.text,
            f"预算执行得分应为分值{funds.weight.text}×执行率（不超过分值）",
            subject="预算执行",
        )


# ---- 分值与得分 -----------------------------------------------------------------------------------


def _execution_rate(form: NationalForm) -> Decimal | None:
    if form.funds is None:
        return None
    computed = _rate(form.funds, form.funds.budget_column)
    return computed if computed is not None else (form.funds.rate.value if form.funds.rate else None)


def weights_and_scores(form: NationalForm, out: Findings, rules: RuleSet) -> None:
    funds_weight = form.funds.weight if form.funds is not None else None
    funds_score = form.funds.score if form.funds is not None else None
    weights = [i.weight for i in form.indicators if i.weight is not None]
    if weights or form.group_weights:
        own = (
            sum((w.value for w in weights), Decimal(0))
            if weights
            else sum((w.value for _, w in form.group_weights), Decimal(0))
        )
        whole = own + (funds_weight.value if funds_weight is not None else 0)
        if whole != HUNDRED:
            parts = f"各指标分值{fmt(own)}" + (f" + 预算执行分值{funds_weight.text}" if funds_weight else "")
            out.add(
                "分值合计不符",
                f"{FORM}绩效指标",
                "100",
                fmt(whole),
                f"{parts} = {fmt(whole)}，应为100",
                subject="分值",
            )
    for item in form.indicators:
        _over(item.name, item.weight, item.score, out)
    if funds_weight is not None:
        _over("预算执行", funds_weight, funds_score, out)
    leaves = form.indicators
    if form.total_score is None or not leaves or any(i.score is None for i in leaves):
        return  # a blank score: the form was not finished, and its sum says nothing
    exact = sum((i.score.value for i in leaves), Decimal(0)) + (funds_score.value if funds_score else 0)
    rate = _execution_rate(form)
    cap = rules.cap_for(rate)
    if cap is not None and exact > cap:
        if not _within(form.total_score, cap):
            out.add(
                "总分超过执行率上限",
                f"{FORM}总分行",
                fmt(cap),
                form.total_score.text,
                f"按“{rules.name}”，预算执行率{fmt(round(rate, 2))}%时自评总分最高{fmt(cap)}分",
                subject="总分",
            )
        return
    if not _within(form.total_score, exact):
        out.add(
            "总分不符",
            f"{FORM}总分行",
            fmt(exact),
            form.total_score.text,
            "总分应为各指标得分" + ("与预算执行得分" if funds_score else "") + "之和",
            subject="总分",
        )


def _over(name: str, weight: Num | None, score: Num | None, out: Findings) -> None:
    if weight is not None and score is not None and score.value > weight.value:
        out.add(
            "得分超过分值", f"{FORM}“{name}”", f"≤{weight.text}", score.text, "得分高于分值", subject=name
        )


# ---- 指标完成情况 ---------------------------------------------------------------------------------


def _misses(item: Indicator) -> tuple[str, Decimal] | None:
    t = item.target
    if t is None:
        return None
    value = actual_value(item.actual_text, t.unit)
    if value is None or not missed(t, value):
        return None
    return f"{t.operator}{fmt(t.value)}{t.unit}", value


def targets(form: NationalForm, out: Findings, rules: RuleSet) -> None:
    unmet = []
    for item in form.indicators:
        _deviation(item, out, rules)
        miss = _misses(item)
        if miss is None:
            continue
        unmet.append(item)
        if item.weight is not None and item.score is not None and item.score.value == item.weight.value:
            reason = "，偏差原因栏空白" if not item.deviation else ""
            out.add(
                "未达标满分",
                f"{FORM}“{item.name}”",
                f"低于满分{item.weight.text}",
                item.score.text,
                f"年度指标值{miss[0]}，实际完成{item.actual_text}，未达到目标却得满分{reason}",
                subject=item.name,
            )
    if not unmet:
        return
    names = "、".join(f"“{i.name}”" for i in unmet)
    for where, text in [("年度总体目标“实际完成情况”", form.actual_goal), *(("正文", t) for t in form.texts)]:
        if claim := _claim(text):
            out.add(
                "完成表述不符",
                f"{where}：“{claim.group()}”",
                f"{names}未达到年度指标值",
                claim.group(),
                "文中称目标均已完成，但有指标未达到年度指标值",
                subject="完成表述",
            )


def _claim(text: str) -> re.Match | None:
    """A sentence saying the targets were all met ("各项绩效指标均已全面完成"); one saying a county's
    institutions all finished their construction is about something else."""
    return next(
        (
            m
            for sentence in _sentences(text)
            if TARGET_WORDS.search(sentence) and (m := CLAIMS.search(sentence))
        ),
        None,
    )


def _deviation(item: Indicator, out: Findings, rules: RuleSet) -> None:
    """指标偏离: a result over its target by the set's percentage loses the set's points."""
    t = item.target
    if t is None or rules.deviation_deduct is None or item.weight is None or item.score is None:
        return
    value = actual_value(item.actual_text, t.unit)
    if (
        rules.deviates(t.operator, t.value, value)
        and item.score.value > item.weight.value - rules.deviation_deduct
    ):
        out.add(
            "指标偏离未扣分",
            f"{FORM}“{item.name}”",
            f"≤{fmt(item.weight.value - rules.deviation_deduct)}",
            item.score.text,
            f"实际完成{item.actual_text}超出年度指标值{t.operator}{fmt(t.value)}{t.unit}达{fmt(rules.deviation_over)}%以上，"
            f"按“{rules.name}”应扣{fmt(rules.deviation_deduct)}分",
            subject=item.name,
        )


def grade(form: NationalForm, out: Findings) -> None:
    if form.grade and form.total_score is not None:
        expected = grade_for(form.total_score.value)
        if form.grade != expected:
            out.add(
                "等级不符",
                f"{FORM}总分行",
                expected,
                form.grade,
                f"总分{form.total_score.text}分对应等级为“{expected}”（优≥90，良≥80，中≥60）",
                subject="等级",
            )


# ---- 文中金额 -------------------------------------------------------------------------------------


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"[。；;]", text or "") if s]


CHANGE = re.compile(r"(?:增加|减少|增长|下降|同比|比上年|较上年)[^，,。；;万]{0,8}$")
RESTATED = re.compile(ALL + r"[^，,。；;万\d]{0,8}$")


def _amounts(text: str, *, skip: re.Pattern | None = None) -> list[str]:
    """The amounts in 万元, less those that state a change (增加189.25万元, 同比…) or, with
    `skip`, those its words introduce (a total restated among the parts)."""
    return [
        m.group(1)
        for m in re.finditer(AMOUNT, text)
        if not CHANGE.search(text[: m.start()]) and not (skip and skip.search(text[: m.start()]))
    ]


def _parts_after_其中(sentence: str) -> tuple[str, list[Decimal]] | None:
    """'总投资202.64万元，其中A 100万元，B 74万元' → ('202.64', [100, 74])."""
    head, sep, tail = sentence.partition("其中")
    totals = _amounts(head)
    parts = [Decimal(p) for p in _amounts(tail, skip=RESTATED)]
    if not sep or not totals or len(parts) < 2:
        return None
    return totals[-1], parts


def _parts_then_total(sentence: str) -> tuple[str, list[Decimal]] | None:
    """'A 100万元、B 74万元，共计174万元' → ('174', [100, 74])."""
    match = TOTAL_WORDS.search(sentence)
    if not match or "其中" in sentence:
        return None
    parts = [Decimal(p) for p in _amounts(sentence[: match.start()])]
    return (match.group(1), parts) if len(parts) >= 2 else None


def _adds_up(total: str, parts: list[Decimal]) -> bool:
    """The parts add to the total at its printed precision — or their first few do, the amounts
    after them being other facts of the sentence ('…30.9万元，30.9万元，2021年度下达61.8万元')."""
    printed = Num(total, Decimal(total), len(total.partition(".")[2]))
    running = Decimal(0)
    for n, part in enumerate(parts, start=1):
        running += part
        if n >= 2 and _within(printed, running):
            return True
    return False


def _sum_findings(text: str, where: str, rule: str, subject: str, out: Findings) -> None:
    previous: list[str] = []
    for sentence in _sentences(text):
        if sentence.startswith("其中") and len(previous) == 1:
            # "下达2263万元。其中：…": the total is the one amount of the sentence just before
            sentence = f"{previous[0]}万元，{sentence}"
        previous = _amounts(sentence)
        for read in (_parts_after_其中, _parts_then_total):
            if (found := read(sentence)) is None:
                continue
            total, parts = found
            if not _adds_up(total, parts):
                exact = sum(parts, Decimal(0))
                out.add(
                    rule,
                    f"{where}：“{sentence[:40]}”",
                    f"{fmt(exact)}万元",
                    f"{fmt(Decimal(total))}万元",
                    "所列各项金额之和与所述总额不符（"
                    + " + ".join(fmt(p) for p in parts)
                    + f" = {fmt(exact)}）",
                    subject=subject,
                )


def amounts_in_goals(form: NationalForm, out: Findings) -> None:
    for label, text in (("预期目标", form.expected_goal), ("实际完成情况", form.actual_goal)):
        _sum_findings(text, f"年度总体目标“{label}”", "目标金额不符", "年度总体目标", out)


def amounts_in_text(form: NationalForm, out: Findings) -> None:
    for text in form.texts:
        _sum_findings(text, "正文", "文中合计不符", "正文", out)
