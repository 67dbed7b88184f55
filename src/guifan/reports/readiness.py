"""What a year lacks before its report says something: each item with the page where it is done."""

from dataclasses import dataclass

from django.urls import reverse

from .builder import Facts


@dataclass(frozen=True)
class Missing:
    """Something the report needs that the year does not have yet, and where to do it."""

    text: str
    url: str
    link: str
    blocks_export: bool  # without it the report has no result to state


def missing(f: Facts) -> list[Missing]:
    """What a year just created lacks, in the order the year is run."""
    p, out = f.programme, []
    if f.money.current is None:
        url = reverse("funds:programme", args=[p.year])
        out.append(
            Missing("尚无预算资金：报告的资金情况和执行率无从计算", url, "到项目与资金页添加资金来源", True)
        )
    if not f.accepted:
        url = reverse("grading:list") + f"?year={p.year}"
        out.append(Missing("尚无验收通过的机构：机构名单为空", url, "查看申报与评定", False))
    if f.survey is None:
        out.append(
            Missing("尚无满意度调查结果：满意度一节只有“—”", reverse("surveys:list"), "到满意度调查页", False)
        )
    if f.evaluation is None:
        url = reverse("evaluation:list")
        out.append(Missing("尚未开展绩效自评：没有自评得分、等级和附表", url, "到绩效自评页新建", True))
    else:
        url = reverse("evaluation:detail", args=[f.evaluation.pk])
        name = f"“{f.evaluation.template}”"
        if not f.scored:
            text = f"绩效自评尚未评分：本报告采用的绩效自评{name}没有一个末级指标有得分，报告没有得分和等级"
            out.append(Missing(text, url, f"到绩效自评{name}计算和评分", True))
        elif f.evaluation.signed_off_at is None:
            text = f"绩效自评尚未确认：本报告采用的绩效自评{name}在确认前得分和附表还会变化"
            out.append(Missing(text, url, f"到绩效自评{name}确认", False))
    return out


def export_blockers(found: list[Missing]) -> list[str]:
    """What must be done before the report can be exported, in short."""
    return [m.text.split("：")[0] for m in found if m.blocks_export]
