"""The self-evaluation report of a programme, built from the records into report blocks.

Every figure comes from the funds ledger, the applications, the survey and the evaluation through
their own selectors; the prose is the programme's narrative with its placeholders filled in.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.utils import timezone

from guifan.evaluation import selectors as evaluation_selectors
from guifan.evaluation.domain import display
from guifan.evaluation.models import Evaluation
from guifan.evaluation.selectors import CITY_WIDE, Sheet, sheet
from guifan.funds.figures import ProgrammeFigures, programme_figures
from guifan.funds.models import Programme
from guifan.grading.constants import State
from guifan.grading.selectors import accepted_by_county, applications_visible_to
from guifan.surveys.domain import largest_remainder, to_decimal
from guifan.surveys.selectors import Results, survey_results

from . import narrative
from .document import Document, Para
from .models import NarrativeBlock
from .tables import (
    funds_table,
    indicators_table,
    institutions_table,
    pct,
    places_of,
    satisfaction_table,
    scores_chart,
    scores_table,
    wan,
)

FINISHED = {State.ACCEPTED, State.PUBLICITY, State.OBJECTION, State.COUNCIL_APPROVED, State.PAID}

SURVEY_CHANGED = (
    "注：绩效自评签署后满意度调查又收到答卷，调查结果已与签署时不同。本报告和附件《项目支出绩效自评表》"
    "均按签署时的调查结果编写，不再列出各题明细；如需采用新的结果，请重新开展绩效自评。"
)


@dataclass
class Facts:
    programme: Programme
    money: ProgrammeFigures
    accepted: list[tuple[list, int]]  # (numbered applications of a county, paid to that county)
    survey: Results | None
    evaluation: Evaluation | None
    sheet: Sheet | None
    signed: dict | None = None  # the survey figures the signed-off evaluation used, as decimal strings
    applications: dict[str, tuple[int, int]] = field(default_factory=dict)  # see _applications_by_county
    scored: int = 0  # scored leaves of the evaluation

    @property
    def survey_changed(self) -> bool:
        """Answers came in after sign-off: the live results are not the ones the appendix states."""
        if self.signed is None or self.survey is None:
            return False
        live = self.survey.result
        return (
            str(to_decimal(live.score)) != self.signed.get("score")
            or str(to_decimal(live.satisfied_rate)) != self.signed.get("satisfied_rate")
            or str(sum(self.survey.by_source.values())) != str(self.signed.get("questionnaires"))
        )


def gather(programme: Programme) -> Facts:
    """Everything the report reads, city-wide (the report is the city's)."""
    evaluation = evaluation_selectors.evaluation_for_report(programme)
    # The survey figures of the very evaluation the report states (its appendix), not of another.
    signed = evaluation.survey_snapshot if evaluation is not None and evaluation.frozen else None
    questionnaires = programme.questionnaires.order_by("-version", "-id")
    if signed and signed.get("questionnaire_id"):
        questionnaires = questionnaires.filter(pk=signed["questionnaire_id"])
    questionnaire = next((q for q in questionnaires if q.responses.exists() or q.tallies.exists()), None)
    return Facts(
        programme=programme,
        money=programme_figures(CITY_WIDE, programme),
        accepted=accepted_by_county(applications_visible_to(CITY_WIDE), programme),
        survey=survey_results(questionnaire) if questionnaire else None,
        evaluation=evaluation,
        sheet=sheet(evaluation) if evaluation else None,
        signed=signed,
        applications=_applications_by_county(programme),
        scored=evaluation_selectors.scored_leaves(evaluation) if evaluation else 0,
    )


def _applications_by_county(programme: Programme) -> dict[str, tuple[int, int]]:
    """County name → (applications of the year, of which not finished), drafts and withdrawn ones
    left out: why a county's money is unspent, from the applications' states."""
    out: dict[str, tuple[int, int]] = {}
    rows = (
        applications_visible_to(CITY_WIDE)
        .filter(programme=programme)
        .exclude(state__in=[State.DRAFT, State.WITHDRAWN])
        .values_list("county__name", "state")
    )
    for county, state in rows:
        applied, unfinished = out.get(county, (0, 0))
        out[county] = (applied + 1, unfinished + (state not in FINISHED))
    return out


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
    v["未完成说明"] = narrative.balance_reasons(
        [(name, wan(c.balance), *f.applications.get(name, (0, 0))) for name, c in own_counties if c.balance]
    )
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
    figures = {
        "有效问卷数": str(res.result.respondents or 0),
        "满意度得分": f"{to_decimal(res.result.score)}",
        "满意率": f"{to_decimal(res.result.satisfied_rate)}",
    }
    if f.signed:  # the figures the evaluation was signed with, which its appendix states
        figures = {
            "有效问卷数": str(f.signed["questionnaires"]),
            "满意度得分": str(f.signed["score"]),
            "满意率": str(f.signed["satisfied_rate"]),
        }
    return {
        "有效问卷数": figures["有效问卷数"],
        "调查县区": "、".join(surveyed),
        "调查县区数": str(len(surveyed)),
        "满意度得分": figures["满意度得分"],
        "满意率": f"{figures['满意率']}%",
        "非常满意比例": "—" if f.survey_changed else f"{very}%",
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
    places = places_of(s)
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


def build(
    programme: Programme, *, today: date | None = None, with_chart: bool = True, facts: Facts | None = None
) -> Document:
    f = facts or gather(programme)
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
        places = places_of(f.sheet)
        for n, (name, weight, score, _) in enumerate(f.sheet.first_level, start=1):
            d.add(
                Para(f"{n}、{name}（满分{display(weight, 0)}分，评价得分{display(score, places)}分）", "h3")
            )
            if name in narrative.ANALYSIS:
                prose(narrative.ANALYSIS[name])
            else:
                leaves = [
                    (r.indicator.name, r.score_text(places))
                    for r in f.sheet.leaves
                    if (r.path[0] if r.path else r.indicator.name) == name
                ]
                d.add(Para(narrative.leaves_sentence(name, leaves)))
    d.add(Para("（三）满意度调查", "h2"))
    prose("satisfaction")
    if f.survey_changed:
        d.add(Para(SURVEY_CHANGED))
    elif f.survey:
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
