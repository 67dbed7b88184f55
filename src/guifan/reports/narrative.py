"""The report's prose: text blocks per programme with {占位符} bound to computed values. Pure Python.

A figure in the prose is always a placeholder, so the text cannot disagree with the data. The
default texts follow the seed report's wording, with its figures replaced by placeholders and its
sentences about money rewritten per funding year.
"""

import re
from dataclasses import dataclass

PLACEHOLDER = re.compile(r"\{([^{}\s]{1,20})\}")


@dataclass(frozen=True)
class Block:
    key: str
    title: str  # where it appears in the report
    default: str


BLOCKS = [
    Block(
        "summary_overview",
        "摘要　一、项目概况",
        "根据《云南省“十四五”助残就业“十百千万工程”实施方案》的有关要求，{实施单位}按照本单位工作计划，"
        "报经市残联理事会审议通过后，组织开展{年度}年盲人按摩机构规范化建设量化分级评定工作，扶持资金标准为"
        "{补助标准}万元/家。\n"
        "{年度}年度预算{预算金额}万元（{预算文号}），到位{到位金额}万元。使用{年度}年度资金支出{本年资金支出}万元，"
        "为{年度}年度预算{预算金额}万元的{执行率}。{结余说明}{上年资金说明}",
    ),
    Block(
        "summary_conclusion",
        "摘要　二、评价结论",
        "通过对绩效自评指标体系中{一级指标}{一级指标数}个方面{末级指标数}个末级指标进行评价，最终自评得分{自评得分}分，"
        "评定等级为{评定等级}。",
    ),
    Block(
        "summary_lessons",
        "摘要　三、经验、问题和建议",
        "主要经验：领导重视、上下联动；思想统一，责任明确；抓实摸底，科学谋划。\n"
        "存在问题：机构监管与扶持的协调、细化和督促检查有待加强；对县（市）区残联及机构的调研和指导有待加强。\n"
        "改进建议：定期查看机构规范发展情况，细化量化绩效目标，加强过程监督和结果应用。",
    ),
    Block(
        "intro",
        "正文开头",
        "根据《中华人民共和国预算法》规定，按照市财政局关于开展{年度}年度市本级预算支出绩效自评工作的要求，"
        "{实施单位}对“{项目名称}”支出绩效进行了评价，现将评价情况报告如下：",
    ),
    Block(
        "background",
        "一、（一）1、立项背景及目的",
        "根据《云南省“十四五”助残就业“十百千万工程”实施方案》的有关要求，{实施单位}按照本单位工作计划，"
        "报经市残联理事会审议通过后，组织开展{年度}年盲人按摩机构规范化建设量化分级评定工作，扶持资金标准为"
        "{补助标准}万元/家。项目实施的目的为：\n"
        "通过盲人保健按摩机构规范化建设量化分级管理，规范机构经营活动和改善就业环境，促进机构建立健全管理制度，"
        "规范行业行为，打造服务品牌，提高社会公信度，增强市场竞争力，稳定和扩大盲人就业创业，全面促进盲人按摩行业"
        "健康有序发展。",
    ),
    Block(
        "implementation",
        "一、（一）2、项目实施情况",
        "根据《关于开展{年度}年度盲人保健按摩机构规范化建设工作的通知》（{通知文号}）要求，经机构自愿申报、"
        "县（市）区残联评审并组织实施建设、市级检查验收、社会公示，并报市残联理事会研究同意等规范化流程，"
        "参加{年度}年度规范化建设量化分级评定的{完成机构数}家机构已按要求完成规范化建设并通过检查验收，"
        "{资金年度构成}。{未完成说明}机构名单和补助经费见下表。",
    ),
    Block(
        "funds",
        "一、（一）3、资金来源及使用情况",
        "{年度}年度预算{预算金额}万元（{预算文号}），到位{到位金额}万元，下拨至各任务县（市）区{下拨金额}万元。"
        "使用{年度}年度资金支出{本年资金支出}万元，为{年度}年度预算{预算金额}万元的{执行率}。{结余说明}{上年资金说明}"
        "{年度}年合计拨付机构{完成机构数}家{合计金额}万元，各资金年度分列如下表。",
    ),
    Block(
        "organisation",
        "一、（一）4、组织及管理情况",
        "（1）项目组织情况：县（市）区残联为项目的管理机构，为辖区内符合条件的盲人保健按摩机构开展规范化建设量化"
        "分级评定工作。\n"
        "（2）项目实施流程：向各县（市）区残联下发通知，机构自愿申报，县（市）区审核并组织建设，市级检查验收，"
        "对部分机构提出整改意见并督促落实，经公示和理事会研究同意后拨付补助。\n"
        "（3）资金拨付流程：本项目为对下项目，由各县（市）区残联负责实施，对机构的申请进行复核审批，"
        "通过验收后将资金拨付到位。",
    ),
    Block(
        "goals",
        "一、（二）绩效目标",
        "1、总目标：落实“十四五”任务要求，促进盲人就业，加强对盲人按摩机构的指导与服务，推动行业健康持续发展。"
        "{规划说明}\n"
        "2、年度目标：{年度}年，年度目标为：计划扶持{年度目标}家盲人按摩机构进行规范化建设量化分级评定工作，"
        "预算经费{预算金额}万元。",
    ),
    Block(
        "evaluation_work",
        "二、绩效评价工作情况",
        "（一）绩效评价的目的\n"
        "全面了解项目管理过程是否规范、产出目标是否完成以及效果目标是否实现，总结经验，查找不足，"
        "为以后年度编制项目预算、选择项目实施主体提供参考依据。\n"
        "（二）绩效评价原则和方法\n"
        "评价遵循相关性、重要性、可比性、经济性、系统性及公开公正原则，主要采用比较法、因素分析法和公众评判法。\n"
        "（三）绩效评价实施过程\n"
        "核实项目资料、台账和资金记录，对部分机构进行现场核实，发放满意度调查问卷，按指标体系逐项评分，形成评价结论。\n"
        "（四）本次绩效评价的局限性\n"
        "各县（市）区机构发展水平不均衡，收集的信息可能不够全面。",
    ),
    Block(
        "conclusion",
        "三、（一）1、评价结果",
        "通过对绩效自评指标体系中{一级指标}{一级指标数}个方面{末级指标数}个末级指标进行评价，最终自评得分{自评得分}分，"
        "评定等级为{评定等级}。各一级指标得分情况见下表和下图。",
    ),
    Block(
        "main_performance",
        "三、（一）2、主要绩效",
        "通过规范化建设量化分级评定工作，扶持{完成机构数}家盲人按摩机构完成规范化建设并通过检查验收，"
        "促进和引导机构诚实守信、依法经营，提升残疾人就业稳定性。",
    ),
    # 三、（二）: one text per first-level indicator, chosen by its name (see ANALYSIS); the keys
    # analysis_1..3 are the 20/20/60 tree's, kept so texts edited before stay where they were.
    Block("analysis_1", "三、（二）项目决策的分析（20/20/60指标体系）", "项目立项符合规定，设立了绩效目标。"),
    Block(
        "analysis_2",
        "三、（二）项目管理的分析（20/20/60指标体系）",
        "预算批复、资金到位和拨付有据可查；项目资金专款专用，内部控制规范。资金执行情况见第一部分。",
    ),
    Block(
        "analysis_3",
        "三、（二）项目绩效的分析（20/20/60指标体系）",
        "{年度}年全年扶持{完成机构数}家盲人按摩机构完成规范化建设并通过检查验收；机构规范化建设稳步发展，"
        "为残疾人提供更多工作机会。",
    ),
    Block(
        "analysis_execution",
        "三、（二）预算执行率的分析（项目支出绩效自评表）",
        "{年度}年度预算{预算金额}万元，到位{到位金额}万元。使用{年度}年度资金支出{本年资金支出}万元，"
        "为{年度}年度预算{预算金额}万元的{执行率}。{结余说明}{未完成说明}",
    ),
    Block(
        "analysis_output",
        "三、（二）产出指标的分析（项目支出绩效自评表）",
        "{年度}年计划扶持{年度目标}家机构，全年扶持{完成机构数}家盲人按摩机构完成规范化建设并通过检查验收，"
        "补助标准{补助标准}万元/家，平均每家机构补助{平均补助}万元。",
    ),
    Block(
        "analysis_effect",
        "三、（二）效益指标的分析（项目支出绩效自评表）",
        "机构规范化建设稳步发展，促进机构诚实守信、依法经营，提升残疾人就业稳定性，为残疾人提供更多工作机会。",
    ),
    Block(
        "analysis_satisfaction",
        "三、（二）满意度指标的分析（项目支出绩效自评表）",
        "对{调查县区}等{调查县区数}个县（市）区开展满意度调查，收回有效问卷{有效问卷数}份，"
        "满意度得分为{满意度得分}分，满意率为{满意率}。",
    ),
    Block(
        "satisfaction",
        "三、（三）满意度调查",
        "为了解残疾人及按摩机构人员对本项目的满意程度，对{调查县区}等{调查县区数}个县（市）区进行了问卷调查和访谈，"
        "共计收回有效问卷{有效问卷数}份。{调查覆盖说明}按各题得分计算，满意度得分为{满意度得分}分；"
        "满意率（选择“非常满意”和“满意”的答题占全部答题的比例）为{满意率}，其中{非常满意比例}对该工作表示非常满意。",
    ),
    Block(
        "cost_benefit",
        "四、成本效益分析",
        "使用{年度}年度资金支出{本年资金支出}万元，为{年度}年度预算{预算金额}万元的{执行率}。{结余说明}{上年资金说明}"
        "平均每家机构补助{平均补助}万元，与补助标准一致。项目充分发挥扶持盲人按摩机构发展、提高盲人就业稳定性的作用。",
    ),
    Block(
        "lessons",
        "五、主要经验及做法、存在的问题和建议",
        "（一）主要经验及做法\n"
        "1、领导重视、上下联动。2、思想统一，责任明确。3、抓实摸底，科学谋划。\n"
        "（二）存在的问题\n"
        "1、机构监管与扶持是一项长期工作，协调、细化和督促检查等工作需要进一步提高。\n"
        "2、对县（市）区残联及按摩机构的工作调研和指导有待加强。\n"
        "（三）建议和改进措施\n"
        "1、定期查看各县（市）区机构的规范发展情况，细化、量化绩效目标。\n"
        "2、项目执行中定期监督实施进度、目标实现和资金使用情况；实施完毕后及时整理资料、开展评价并应用结果。",
    ),
    Block("date", "落款日期", "{报告日期}"),
]
BY_KEY = {b.key: b for b in BLOCKS}

# The analysis text of a first-level indicator, by its name (national form and 20/20/60 tree).
ANALYSIS = {
    "项目决策": "analysis_1",
    "项目管理": "analysis_2",
    "项目绩效": "analysis_3",
    "预算执行率": "analysis_execution",
    "产出指标": "analysis_output",
    "效益指标": "analysis_effect",
    "满意度指标": "analysis_satisfaction",
}


def placeholders(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


def unknown(text: str, names) -> list[str]:
    """Placeholders in a text that no computed value answers to, in order of appearance."""
    return list(dict.fromkeys(p for p in placeholders(text) if p not in names))


def fill(text: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def balance_reasons(counties: list[tuple[str, str, int, int]]) -> str:
    """Why each county's money of the year is left over, from its applications: (county, balance
    in 万元, applications, of which unfinished). A county that had no application says so, rather
    than being said to have an unfinished institution."""
    parts = []
    for name, balance, applied, unfinished in counties:
        if unfinished:
            reason = f"{name}有{unfinished}家机构未完成规范化建设"
        elif applied:
            reason = f"{name}申报的机构均已完成规范化建设"
        else:
            reason = f"{name}无机构申报"
        parts.append(f"{reason}，结余{balance}万元")
    return "；".join(parts) + "。" if parts else ""


def leaves_sentence(name: str, leaves: list[tuple[str, str]]) -> str:
    """The analysis of a first-level indicator no text is written for: its leaves and their scores
    (score text as the sheet prints it: "" for a leaf not scored yet, or 不适用)."""
    if not leaves:
        return f"“{name}”下未设末级指标。"

    def scored(score: str) -> str:
        return "未评分" if not score else score if score == "不适用" else f"得分{score}分"

    listed = "、".join(f"{leaf}（{scored(score)}）" for leaf, score in leaves)
    return f"“{name}”下设{len(leaves)}个末级指标：{listed}。"
