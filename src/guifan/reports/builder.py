"""The self-evaluation report of a programme, built from the records into report blocks.

Every figure comes from the funds ledger, the applications, the survey and the evaluation through
their own selectors; the prose is the programme's narrative with its placeholders filled in.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.utils import timezone

from guifan.core.money import fen_to_wan
from guifan.core.phones import mask_phone
from guifan.evaluation.domain import display
from guifan.evaluation.models import Evaluation
from guifan.evaluation.selectors import CITY_WIDE, SELF_EVALUATION_HEADER, Sheet, sheet
from guifan.funds.figures import ProgrammeFigures, programme_figures
from guifan.funds.models import Programme
from guifan.grading.selectors import accepted_by_county, applications_visible_to
from guifan.surveys.domain import largest_remainder, to_decimal
from guifan.surveys.selectors import Results, survey_results

from . import chart, narrative
from .document import Chart, Document, Para, Table
from .models import NarrativeBlock

SATISFACTION_HEADER = ["问卷题目及选项", "项目"]


@dataclass
class Facts:
    programme: Programme
    money: ProgrammeFigures
    accepted: list[tuple[list, int]]  # (numbered applications of a county, paid to that county)
    survey: Results | None
    evaluation: Evaluation | None
    sheet: Sheet | None


def gather(programme: Programme) -> Facts:
    """Everything the report reads, city-wide (the report is the city's)."""
    evaluation = (
        programme.evaluations.filter(signed_off_at__isnull=False).order_by("-signed_off_at").first()
        or programme.evaluations.order_by("-id").first()
    )
    questionnaire = next(
        (
            q
            for q in programme.questionnaires.order_by("-version", "-id")
            if q.responses.exists() or q.tallies.exists()
        ),
        None,
    )
    return Facts(
        programme=programme,
        money=programme_figures(CITY_WIDE, programme),
        accepted=accepted_by_county(applications_visible_to(CITY_WIDE), programme),
        survey=survey_results(questionnaire) if questionnaire else None,
        evaluation=evaluation,
        sheet=sheet(evaluation) if evaluation else None,
    )


def wan(fen: int) -> str:
    return f"{fen_to_wan(fen)}"


def pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value.normalize():f}%"


def _places(s: Sheet) -> int:
    """The sheet's display places, unless rounding would make the score table not add up."""
    shown = sum(display(score, s.places) for _, _, score, _ in s.first_level)
    return s.places if shown == display(s.total.total, s.places) else 2


def values(f: Facts, today: date | None = None) -> dict[str, str]:
    """Every placeholder the narrative may use, computed from the records."""
    p, money = f.programme, f.money
    current = money.current
    budget = current.source.budget if current else 0
    paid_own = current.paid if current else 0
    earlier = {y: v for y, v in money.split.items() if y != p.year}
    own_count = money.split.get(p.year, (0, 0))[0]
    counties = [apps[0][1].county.name for apps, _ in f.accepted]
    completed = sum(len(apps) for apps, _ in f.accepted)
    paid_total = sum(paid for _, paid in f.accepted)
    v = {
        "年度": str(p.year),
        "项目名称": p.name,
        "实施单位": p.implementing_unit,
        "通知文号": p.notice_number,
        "补助标准": wan(p.subsidy_standard),
        "年度目标": str(p.annual_target),
        "预算文号": current.source.document if current else "",
        "预算金额": wan(budget),
        "到位金额": wan(current.received if current else 0),
        "下拨金额": wan((current.transferred - current.recovered) if current else 0),
        "本年资金支出": wan(paid_own),
        "本年资金机构数": str(own_count),
        "执行率": pct(current.execution_rate if current else None),
        "完成机构数": str(completed),
        "合计金额": wan(paid_total),
        "平均补助": wan(paid_total // completed) if completed else "0",
        "参加县区": "、".join(counties),
        "参加县区数": str(len(counties)),
        "资金情况": money.sentence,
        "报告日期": _chinese_date(today or timezone.localdate()),
    }
    own_counties = next((c for y, c in money.by_county if y is current), [])
    balances = "、".join(f"{name}{wan(c.balance)}万元" for name, c in own_counties if c.balance)
    v["结余金额"] = wan(current.county_balance + current.unallocated) if current else "0"
    v["结余说明"] = f"结余{v['结余金额']}万元（{balances}）。" if balances else ""
    v["上年资金说明"] = "".join(
        f"另使用{year}年度结转资金支出{wan(amount)}万元，拨付机构{n}家。"
        for year, (n, amount) in sorted(earlier.items())
    )
    parts = [f"使用{p.year}年度资金{own_count}家"] if own_count else []
    parts += [f"使用{year}年度结转资金{n}家" for year, (n, _) in sorted(earlier.items())]
    v["资金年度构成"] = "其中" + "、".join(parts) if parts else "尚无拨付"
    unfinished = [name for name, c in own_counties if c.balance and name not in counties]
    v["未完成说明"] = f"{'、'.join(unfinished)}的机构未完成规范化建设，资金结余。" if unfinished else ""
    plan = money.plan
    v["规划说明"] = (
        f"规划计划扶持{plan.target_institutions}家机构，预计经费{wan(plan.target_amount)}万元；"
        f"截至本年度已扶持{plan.institutions}家、{wan(plan.amount)}万元。"
        if plan
        else ""
    )
    v.update(_survey_values(f, counties))
    v.update(_evaluation_values(f))
    return v


def _chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _survey_values(f: Facts, counties: list[str]) -> dict[str, str]:
    res = f.survey
    if res is None:
        return {
            k: "—" for k in ("有效问卷数", "调查县区", "调查县区数", "满意度得分", "满意率", "非常满意比例")
        } | {"调查覆盖说明": ""}
    surveyed = res.surveyed or res.counties_answered
    missing = [c for c in counties if c not in surveyed]
    totals = res.result.option_totals
    grand = sum(totals)
    very = largest_remainder([Fraction(100 * t, grand) for t in totals])[0] if grand else Decimal(0)
    return {
        "有效问卷数": str(res.result.respondents or 0),
        "调查县区": "、".join(surveyed),
        "调查县区数": str(len(surveyed)),
        "满意度得分": f"{to_decimal(res.result.score)}",
        "满意率": f"{to_decimal(res.result.satisfied_rate)}%",
        "非常满意比例": f"{very}%",
        "调查覆盖说明": (
            f"{'、'.join(missing)}有参加机构但未开展调查，以后年度的调查应覆盖全部参加县区。"
            if missing
            else "参加机构的县区均已开展调查。"
        ),
    }


def _evaluation_values(f: Facts) -> dict[str, str]:
    s = f.sheet
    if s is None:
        return {"自评得分": "—", "评定等级": "—", "一级指标": "—", "一级指标数": "0", "末级指标数": "0"}
    places = _places(s)
    return {
        "自评得分": f"{display(s.total.total, places)}",
        "评定等级": s.total.grade,
        "一级指标": "、".join(name for name, *_ in s.first_level),
        "一级指标数": str(len(s.first_level)),
        "末级指标数": str(len(s.leaves)),
    }


# ---- the document --------------------------------------------------------------------------------


PLACEHOLDER_NAMES = [
    "年度",
    "项目名称",
    "实施单位",
    "通知文号",
    "补助标准",
    "年度目标",
    "预算文号",
    "预算金额",
    "到位金额",
    "下拨金额",
    "本年资金支出",
    "本年资金机构数",
    "执行率",
    "完成机构数",
    "合计金额",
    "平均补助",
    "参加县区",
    "参加县区数",
    "资金情况",
    "报告日期",
    "结余金额",
    "结余说明",
    "上年资金说明",
    "资金年度构成",
    "未完成说明",
    "规划说明",
    "有效问卷数",
    "调查县区",
    "调查县区数",
    "满意度得分",
    "满意率",
    "非常满意比例",
    "调查覆盖说明",
    "自评得分",
    "评定等级",
    "一级指标",
    "一级指标数",
    "末级指标数",
]


def placeholder_names() -> list[str]:
    """Every placeholder `values` computes (a test keeps this list and `values` in step)."""
    return PLACEHOLDER_NAMES


def texts_of(programme: Programme) -> dict[str, str]:
    saved = dict(NarrativeBlock.objects.filter(programme=programme).values_list("key", "text"))
    return {b.key: saved.get(b.key, b.default) for b in narrative.BLOCKS}


def build(programme: Programme, *, today: date | None = None, with_chart: bool = True) -> Document:
    f = gather(programme)
    v = values(f, today)
    texts = {k: narrative.fill(t, v) for k, t in texts_of(programme).items()}
    d = Document()

    def prose(key: str) -> None:
        for line in texts[key].splitlines():
            if line.strip():
                d.add(Para(line.strip()))

    d.add(Para(programme.implementing_unit, "subtitle"))
    d.add(Para(f"{programme.name}绩效自评报告", "title"))
    d.add(Para("摘　要", "centre"))
    for heading, key in (
        ("一、项目概况", "summary_overview"),
        ("二、评价结论", "summary_conclusion"),
        ("三、经验、问题和建议", "summary_lessons"),
    ):
        d.add(Para(heading, "h1"))
        prose(key)
    d.add(Para("正　文", "centre"))
    prose("intro")
    d.add(Para("一、项目基本情况", "h1"))
    d.add(Para("（一）项目概况", "h2"))
    d.add(Para("1、立项背景及目的", "h3"))
    prose("background")
    d.add(Para("2、项目实施情况", "h3"))
    prose("implementation")
    d.add(institutions_table(f))
    d.add(Para("3、资金来源及使用情况", "h3"))
    prose("funds")
    d.add(funds_table(f))
    d.add(Para("4、组织及管理情况", "h3"))
    prose("organisation")
    d.add(Para("（二）绩效目标", "h2"))
    prose("goals")
    d.add(Para("二、绩效评价工作情况", "h1"))
    prose("evaluation_work")
    d.add(Para("三、评价结论和绩效分析", "h1"))
    d.add(Para("（一）评价结论", "h2"))
    d.add(Para("1、评价结果", "h3"))
    prose("conclusion")
    if f.sheet:
        d.add(scores_table(f.sheet))
        d.add(scores_chart(f.sheet, with_chart))
    d.add(Para("2、主要绩效", "h3"))
    prose("main_performance")
    d.add(Para("（二）具体绩效分析", "h2"))
    if f.sheet:
        places = _places(f.sheet)
        for n, (name, weight, score, _) in enumerate(f.sheet.first_level, start=1):
            d.add(
                Para(f"{n}、{name}（满分{display(weight, 0)}分，评价得分{display(score, places)}分）", "h3")
            )
            prose(f"analysis_{n}" if n <= 4 else "analysis_4")
    d.add(Para("（三）满意度调查", "h2"))
    prose("satisfaction")
    if f.survey:
        d.add(satisfaction_table(f.survey))
    d.add(Para("四、成本效益分析", "h1"))
    prose("cost_benefit")
    d.add(Para("五、主要经验及做法、存在的问题和建议", "h1"))
    prose("lessons")
    d.add(Para(programme.implementing_unit, "signature"))
    d.add(Para(texts["date"].strip(), "signature"))
    if f.sheet:
        d.add(Para("附件：项目支出绩效自评表", "appendix"))
        d.add(indicators_table(f.sheet))
    return d


def institutions_table(f: Facts) -> Table:
    year = f.programme.year
    rows: list[list[str | None]] = [
        ["序号", "机构名称", "所属县区", "负责人姓名", "电话", "县区机构数（家）", "县区资金合计（万元）"]
    ]
    merges = []
    for apps, paid in f.accepted:
        if len(apps) > 1:
            merges += [(len(rows), c, len(rows) + len(apps) - 1, c) for c in (5, 6)]
        for i, (number, a) in enumerate(apps):
            first = i == 0
            rows.append(
                [
                    str(number),
                    a.institution.name,
                    a.county.name,
                    a.institution.responsible_person,
                    mask_phone(a.institution.phone),
                    str(len(apps)) if first else None,
                    wan(paid) if first else None,
                ]
            )
    count = sum(len(a) for a, _ in f.accepted)
    merges.append((len(rows), 0, len(rows), 4))
    rows.append(["合计", None, None, None, None, str(count), wan(sum(p for _, p in f.accepted))])
    return Table(
        rows,
        f"表1　{year}年度规范化建设量化分级评定机构名单和补助经费表（电话已隐去中间四位）",
        merges=merges,
        nowrap=(2, 3, 4),
    )


def funds_table(f: Facts) -> Table:
    rows: list[list[str | None]] = [
        [
            "资金年度",
            "预算（万元）",
            "到位（万元）",
            "下拨（万元）",
            "拨付机构（家）",
            "拨付金额（万元）",
            "结余（万元）",
            "执行率",
        ]
    ]
    for y in f.money.years:
        rows.append(
            [
                f"{y.source.year}年度",
                wan(y.source.budget),
                wan(y.received),
                wan(y.transferred - y.recovered),
                str(y.institutions),
                wan(y.paid),
                wan(y.county_balance + y.unallocated),
                pct(y.execution_rate),
            ]
        )
    return Table(rows, "表2　资金来源及使用情况（执行率＝该年度资金支出÷该年度预算）")


def scores_table(s: Sheet) -> Table:
    places = _places(s)
    rows: list[list[str | None]] = [["一级指标", "权重分", "得分", "扣分"]]
    for name, weight, score, _ in s.first_level:
        shown = display(score, places)
        rows.append([name, f"{display(weight, 0)}", f"{shown}", f"{display(weight, 0) - shown}"])
    total = display(s.total.total, places)
    rows.append(["合计", "100", f"{total}", f"{100 - total}"])
    return Table(rows, "表3　项目绩效指标体系得（扣）分情况")


def scores_chart(s: Sheet, with_png: bool) -> Chart:
    places = _places(s)
    labels = [name for name, *_ in s.first_level]
    weights = [display(w, 0) for _, w, _, _ in s.first_level]
    scores = [display(score, places) for _, _, score, _ in s.first_level]
    c = Chart("图1　各一级指标权重分与得分", labels, [("权重分", weights), ("得分", scores)])
    c.alt = "；".join(f"{n}：权重分{w}，得分{sc}" for n, w, sc in zip(labels, weights, scores, strict=True))
    if with_png:
        c.png = chart.bar_png(c)
    return c


def satisfaction_table(res: Results) -> Table:
    keys = res.keys
    header = (
        SATISFACTION_HEADER
        + [f"{k}（{label}）" for k, label in zip(keys, res.labels, strict=True)]
        + ["合计人数"]
    )
    width = len(header)
    rows: list[list[str | None]] = [[res.questionnaire.title] + [None] * (width - 1), header]
    merges = [(0, 0, 0, width - 1)] + [(2 + 3 * i, 0, 4 + 3 * i, 0) for i in range(len(res.rows) + 1)]
    for q, r, shares, scores in res.rows:
        rows.append([f"{q.number}.{q.text}", "人数", *(str(c) for c in r.counts), str(r.n)])
        rows.append([None, "占比", *(f"{s}%" for s in shares), "100%"])
        rows.append([None, "分数", *(f"{s}" for s in scores), f"{to_decimal(r.score)}"])
    totals = res.result.option_totals
    grand = sum(totals)
    shares = (
        largest_remainder([Fraction(100 * t, grand) for t in totals]) if grand else [Decimal(0)] * len(keys)
    )
    option_scores = [
        to_decimal(sum((q.option_scores[i] for q in res.result.questions), Fraction(0)))
        for i in range(len(keys))
    ]
    rows.append(["合计", "人数", *(str(t) for t in totals), str(grand)])
    rows.append([None, "占比", *(f"{s}%" for s in shares), "100%"])
    rows.append([None, "分数", *(f"{s}" for s in option_scores), f"{to_decimal(res.result.score)}"])
    merges.append((len(rows), 2, len(rows), width - 1))
    merges.append((len(rows), 0, len(rows), 1))
    rows.append(["最终得分（满意度得分）", None, f"{to_decimal(res.result.score)}"] + [None] * (width - 3))
    return Table(rows, "表4　满意度调查结果（分数＝每题分值×占比×选项权重）", header_rows=2, merges=merges)


def indicators_table(s: Sheet) -> Table:
    rows: list[list[str | None]] = [list(SELF_EVALUATION_HEADER)]
    for row in s.leaves:
        rows.append(
            [
                *row.levels(),
                row.target_text,
                row.actual_text,
                f"{display(row.indicator.weight, 0)}",
                row.score_text(2),
                row.indicator.deviation,
            ]
        )
    rows.append(
        ["总分", None, None, None, None, "100", f"{display(s.total.total, 2)}", f"评定等级：{s.total.grade}"]
    )
    total = len(rows) - 1
    return Table(rows, "附表　项目支出绩效自评表", merges=[(total, 0, total, 4)])
