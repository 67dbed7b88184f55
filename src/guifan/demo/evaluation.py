"""The 2022 self-evaluation on both templates, computed from the demo records and scored by hand
where an evaluator judges (qualitative indicators). Template (b) reproduces the seed's 20/20/56 = 96."""

from datetime import date
from decimal import Decimal

from guifan.evaluation import services, sources
from guifan.evaluation.models import Evaluation

# Qualitative judgements below full marks: (band, points, deviation analysis).
SEED_JUDGEMENTS = {
    "C221": (
        "partly",
        "3",
        "长效监管机制尚在建立，县区对机构的日常指导检查频次不足；下一年度建立季度巡查制度。",
    ),
    "C222": ("partly", "2", "部分机构的规范化制度在验收后执行不稳定；将结合年度复核督促落实。"),
    "C223": ("partly", "2", "辐射带动主要限于参加机构，未参加机构的示范效应有限；将组织现场观摩。"),
    "C313": ("partly", "1.5", "问卷反映基层对扶持政策的知晓度有待提高；将加强政策宣传。"),
}
NATIONAL_JUDGEMENTS = {
    "311": ("achieved", "14", "就业稳定性的长期效果尚需跟踪；下一年度开展回访。"),
    "321": ("achieved", "13", "长效监管机制尚在建立；下一年度建立季度巡查制度。"),
}
# From the seed's 改进措施; owners and dates are the demo's.
DEMO_ACTIONS = [
    (
        "定期或不定期查看各县（市）区按摩机构的规范发展情况，分析存在的问题",
        "市残疾人综合服务中心（演示）",
        "2023-12-31",
    ),
    (
        "对项目绩效目标申报进一步细化、量化，形成可独立考核的绩效指标",
        "市残疾人综合服务中心（演示）",
        "2023-10-31",
    ),
    ("加强各基层残联、处室绩效管理人员预算绩效管理能力", "市残联（演示）", "2023-12-31"),
]
EXECUTION_DEVIATION = (
    "2022年度预算16万元，当年拨付机构14万元，执行率87.5%；东川区1家机构未完成建设，2万元结余留存县区。"
    "原报告所写“支出24万元，为预算金额的150%”把2021年结转资金10万元计入了2022年支出，此处按资金年度分别计算。"
)


def _score(admin, evaluation: Evaluation, judgements: dict) -> None:
    services.evaluation_compute(by=admin, evaluation=evaluation)
    for leaf in evaluation.indicators.filter(children__isnull=True).order_by("order"):
        if leaf.code in judgements:
            band, points, deviation = judgements[leaf.code]
            services.indicator_score(
                by=admin, indicator_id=leaf.pk, band=band, chosen=Decimal(points), deviation=deviation
            )
        elif not leaf.source:
            services.indicator_score(by=admin, indicator_id=leaf.pk, band="achieved", chosen=leaf.weight)
        elif leaf.score is not None and leaf.score < leaf.weight:
            services.indicator_score(
                by=admin,
                indicator_id=leaf.pk,
                deviation=EXECUTION_DEVIATION
                if leaf.source == "budget_execution_rate"
                else "见完成情况说明。",
            )


# The seed's 总目标 and 年度目标; the 主管部门 is the demo's assumption (the service centre reports to
# the city federation).
GOALS = {
    "department": "昆明市残疾人联合会",
    "total_goal": (
        "落实“十四五”任务要求，促进盲人就业，加强对盲人按摩机构的指导与服务，建立长效监管机制，"
        "促进机构依法执业，规范按摩服务行为，推动行业健康持续发展。2022—2024年计划扶持30家盲人按摩机构"
        "进行规范化建设量化分级评定，预计经费60万元。"
    ),
    "annual_goal": "2022年计划扶持8家盲人按摩机构进行规范化建设量化分级评定，预算经费16万元。",
}


def _close_survey(admin, programme) -> None:
    """Sign-off needs the year's questionnaire closed (so no answer comes after it)."""
    questionnaire = sources.questionnaire_of(programme)
    if questionnaire is not None and not questionnaire.is_closed:
        from guifan.surveys.services import questionnaire_close

        questionnaire_close(by=admin, questionnaire=questionnaire)


def load_evaluation_demo(admin, programme) -> None:
    if Evaluation.objects.filter(programme=programme).exists():
        return
    seed = services.evaluation_create(by=admin, programme=programme, template="seed")
    seed.display_places = 0
    seed.save(update_fields=["display_places"])
    national = services.evaluation_create(by=admin, programme=programme, template="national")
    for evaluation in (seed, national):
        services.evaluation_goals_save(by=admin, evaluation=evaluation, **GOALS)
    _score(admin, seed, SEED_JUDGEMENTS)
    for text, owner, due in DEMO_ACTIONS:
        services.action_add(by=admin, evaluation=seed, text=text, owner=owner, due=date.fromisoformat(due))
    _close_survey(admin, programme)
    services.evaluation_sign_off(by=admin, evaluation=seed)
    _score(admin, national, NATIONAL_JUDGEMENTS)
