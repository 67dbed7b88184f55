"""Read the figures of a report from its blocks: standard tables recognised by their headers, and
the sentences with numbers that self-evaluation reports use. Pure Python.

Works on any report in the usual shape (the seed's, Guifan's own); what it cannot recognise it
leaves out, so the checker only judges what it has read.
"""

import re
from decimal import Decimal, InvalidOperation

from guifan.surveys.domain import PRESETS, PrintedQuestion, PrintedTable

from .document import Document, Para, Table
from .domain import (
    EXECUTION_RATE,
    QUESTIONNAIRES,
    SATISFACTION_SCORE,
    SATISFIED_RATE,
    Actual,
    CountyGroup,
    Execution,
    FundsRow,
    IndicatorTable,
    InstitutionTable,
    ReportFigures,
    ScoreRow,
    ScoreTable,
    Stated,
    TextFacts,
)

NUMBER = r"(\d+(?:\.\d+)?)"
H1 = re.compile(r"^[一二三四五六七八九十]+、")
H2 = re.compile(r"^（[一二三四五六七八九十]+）")
H3 = re.compile(r"^\d+[、.．]")
COUNTY = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:自治县|区|县|市)$")


def number(text: str | None) -> Decimal | None:
    if not text:
        return None
    match = re.search(r"-?\d+(?:\.\d+)?", text.replace(",", "").replace("，", ""))
    if not match:
        return None
    try:
        return Decimal(match.group())
    except InvalidOperation:
        return None


def _cells(row: list[str | None]) -> list[str]:
    return [re.sub(r"\s+", "", c or "") for c in row]


def _column(header: list[str], *words: str, avoid: tuple[str, ...] = ()) -> int | None:
    for i, text in enumerate(header):
        if any(w in text for w in words) and not any(a in text for a in avoid):
            return i
    return None


def figures_of(document: Document) -> ReportFigures:
    figures = ReportFigures()
    figures.year = _year(document)
    _text(document, figures.text)
    for block in document.blocks:
        if isinstance(block, Table):
            _table(block, figures)
    return figures


# ---- tables --------------------------------------------------------------------------------------


def _header_index(rows: list[list[str]], *words: str) -> int | None:
    for i, row in enumerate(rows[:4]):
        joined = "|".join(row)
        if all(w in joined for w in words):
            return i
    return None


def _table(table: Table, figures: ReportFigures) -> None:
    rows = [_cells(r) for r in table.rows]
    if (h := _header_index(rows, "一级指标", "二级指标", "得分")) is not None:
        figures.indicators = _indicators(rows, h)
    elif (h := _header_index(rows, "一级指标", "得分")) is not None:
        figures.scores = _scores(rows, h)
    elif (h := _header_index(rows, "A", "合计")) is not None and any(r[1:2] == ["人数"] for r in rows):
        figures.satisfaction = _satisfaction(rows, h)
        figures.satisfaction_location = "《满意度调查表》"
    elif (h := _header_index(rows, "机构名称", "县区")) is not None:
        figures.institutions = _institutions(table, rows, h, figures.text)
    elif (h := _header_index(rows, "资金年度", "执行率")) is not None:
        figures.funds = _funds(rows, h)
        figures.funds_location = "《资金来源及使用表》"


def _scores(rows: list[list[str]], h: int) -> ScoreTable:
    header = rows[h]
    name, weight = _column(header, "一级指标"), _column(header, "权重", "分值")
    score, deduction = _column(header, "得分"), _column(header, "扣分")
    table = ScoreTable("《一级指标得分表》", [])
    for row in rows[h + 1 :]:
        w, s = number(row[weight]), number(row[score])
        if w is None or s is None:
            continue
        item = ScoreRow(row[name], w, s, number(row[deduction]) if deduction is not None else None)
        if row[name].startswith(("合计", "总分", "总计")):
            table.total = item
        else:
            table.rows.append(item)
    return table


def _year(document: Document) -> int | None:
    """The report's year, from its title (…2022年…绩效自评报告)."""
    for block in document.blocks[:10]:
        if (
            isinstance(block, Para)
            and "自评报告" in block.text
            and (m := re.search(r"(\d{4})\s*年", block.text))
        ):
            return int(m.group(1))
    return None


def _actual(name: str, cells: list[str], at: int | None) -> Actual | None:
    """The 实际完成值 of an indicator the report states elsewhere too."""
    kind = next(
        (k for k in (SATISFACTION_SCORE, SATISFIED_RATE, EXECUTION_RATE) if k in name),
        QUESTIONNAIRES if "问卷" in name and "份" in "".join(cells) else None,
    )
    value = number(cells[at]) if at is not None and kind else None
    return Actual(kind, name, value) if value is not None else None


def _indicators(rows: list[list[str]], h: int) -> IndicatorTable:
    header = rows[h]
    weight, score = _column(header, "分值", "权重"), _column(header, "得分")
    actual_at = _column(header, "实际完成", "完成值")
    levels = [i for i, text in enumerate(header) if "级指标" in text]
    table = IndicatorTable("《绩效自评表》", [])
    for row in rows[h + 1 :]:
        first = row[0]
        if first.startswith(("总分", "合计")):
            table.total = ScoreRow(
                first, number(row[weight]) or Decimal(100), number(row[score]) or Decimal(0)
            )
            grade = re.search(r"等级[:：]?([优良中差])", "".join(row))
            table.grade = grade.group(1) if grade else None
            continue
        w = number(row[weight])
        if w is None:
            continue
        name = next((row[i] for i in reversed(levels) if row[i]), "")
        table.rows.append(ScoreRow(name, w, number(row[score])))
        if (actual := _actual(name, row, actual_at)) is not None:
            table.actuals.append(actual)
    return table


def _satisfaction(rows: list[list[str]], h: int) -> PrintedTable:
    header = rows[h]
    keys_at = [i for i, text in enumerate(header) if re.match(r"^[A-E]", text)]
    keys = tuple(header[i][0] for i in keys_at)
    total_at = _column(header, "合计")
    groups: list[dict[str, list[Decimal | None]]] = []
    final = None
    total_group = False
    for row in rows[h + 1 :]:
        label = row[1] if len(row) > 1 else ""
        values = [number(row[i]) for i in keys_at] + [number(row[total_at]) if total_at is not None else None]
        if label == "人数":
            groups.append({"counts": values})
            total_group = row[0].startswith(("合计", "总计", "汇总", "小计"))
        elif label in ("占比", "分数") and groups:
            groups[-1][label] = values
        elif row[0].startswith("最终得分"):
            final = next((v for v in map(number, reversed(row)) if v is not None), Decimal(0))
    # The last group is the table's 合计 only when it says so: a table of two questions and no
    # 合计 rows has none, and its last question is a question.
    questions, total = (groups[:-1], groups[-1]) if total_group else (groups, None)

    def q(g) -> PrintedQuestion:
        counts = tuple(int(v or 0) for v in g["counts"][:-1])
        shares = g.get("占比", [Decimal(0)] * (len(keys) + 1))
        scores = g.get("分数", [Decimal(0)] * (len(keys) + 1))
        return PrintedQuestion(
            counts,
            tuple(v or Decimal(0) for v in shares[:-1]),
            tuple(v or Decimal(0) for v in scores[:-1]),
            int(g["counts"][-1] or sum(counts)),
            shares[-1] or Decimal(0),
            scores[-1] or Decimal(0),
        )

    printed = [q(g) for g in questions]
    weights = _weights(printed, keys)
    if total is None:
        return PrintedTable(printed, None, None, None, final, weights, keys)
    t = q(total)
    return PrintedTable(printed, t.counts, t.shares, t.scores, final, weights, keys)


def _weights(questions: list[PrintedQuestion], keys: tuple[str, ...]) -> tuple[Decimal, ...]:
    """Option weights read back from the printed scores (score = points × share × weight), to one
    decimal; where an option was never chosen, the seed report's weight."""
    points = Decimal(100) / len(questions) if questions else Decimal(10)
    default = dict(zip(("A", "B", "C", "D", "E"), PRESETS["seed"][1], strict=True))
    weights = []
    for i, key in enumerate(keys):
        pairs = [(q.shares[i], q.scores[i]) for q in questions if q.shares[i] and q.counts[i]]
        if pairs:
            share, score = max(pairs)
            weights.append((score * 100 / (points * share)).quantize(Decimal("0.1")))
        else:
            weights.append(default.get(key, Decimal(0)))
    return tuple(weights)


def _institutions(table: Table, rows: list[list[str]], h: int, text: TextFacts) -> InstitutionTable:
    header = rows[h]
    county_at = _column(header, "县区", avoid=("机构数", "资金", "合计"))
    count_at, amount_at = _column(header, "机构数"), _column(header, "资金", "金额", "补助")
    result = InstitutionTable("《机构名单和补助经费表》", [])
    county = ""
    for raw, row in zip(table.rows[h + 1 :], rows[h + 1 :], strict=True):
        first = row[0]
        if first.startswith("合计"):
            numbers = [v for v in map(number, row[1:]) if v is not None]
            if len(numbers) >= 2:
                result.total_count, result.total_amount = int(numbers[-2]), numbers[-1]
            continue
        if first.startswith("备注"):
            result.remark = next((c for c in row[1:] if c), "")
            _remark(result.remark, text)
            continue
        if not first.isdigit():
            continue
        if county_at is not None and row[county_at]:
            county = row[county_at]
        group = result.groups[-1] if result.groups and result.groups[-1].county == county else None
        if group is None:
            group = CountyGroup(county, 0, None, None)
            result.groups.append(group)
        group.rows += 1
        if count_at is not None and raw[count_at] is not None and row[count_at]:
            group.count = int(number(row[count_at]) or 0)
        if amount_at is not None and raw[amount_at] is not None and row[amount_at]:
            group.amount = number(row[amount_at])
    return result


def _remark(remark: str, text: TextFacts) -> None:
    match = re.search(r"其中(.+?)为(\d{4})年度?资金", remark)
    if match:
        count = sum(int(n) for n in re.findall(r"(\d+)家", match.group(1)))
        text.earlier_year_remark = (int(match.group(2)), count, "《机构名单和补助经费表》备注")


def _funds(rows: list[list[str]], h: int) -> list[FundsRow]:
    header = rows[h]
    year_at, budget_at = _column(header, "资金年度"), _column(header, "预算")
    paid_at, count_at = _column(header, "拨付金额", "支出"), _column(header, "机构")
    rate_at = _column(header, "执行率")
    out = []
    for row in rows[h + 1 :]:
        year = re.match(r"(\d{4})", row[year_at])
        if not year:
            continue
        out.append(
            FundsRow(
                int(year.group(1)),
                number(row[budget_at]) or Decimal(0),
                number(row[paid_at]) or Decimal(0),
                int(number(row[count_at]))
                if count_at is not None and number(row[count_at]) is not None
                else None,
                number(row[rate_at]),
            )
        )
    return out


# ---- sentences -----------------------------------------------------------------------------------


def _locations(document: Document):
    """Each paragraph with a location a reader can find: the headings above it and its number."""
    h1 = h2 = ""
    n = 0
    for block in document.blocks:
        if not isinstance(block, Para):
            continue
        text = block.text.strip()
        if not text:
            continue
        short = len(text) <= 40
        if short and H1.match(text):
            h1, h2, n = text, "", 0
            continue
        if short and (H2.match(text) or H3.match(text)):
            h2, n = text, 0
            continue
        n += 1
        under = "“" + "”“".join(x for x in (h1, h2) if x) + "”" if (h1 or h2) else "开头"
        yield text, f"{under}下第{n}段"


def _first(pattern: str, text: str) -> re.Match | None:
    return re.search(pattern, text)


def _text(document: Document, facts: TextFacts) -> None:
    for text, where in _locations(document):
        _sentences(text, where, facts)


def _sentences(text: str, where: str, f: TextFacts) -> None:
    if f.total_score is None and (m := _first(rf"自评得分\s*{NUMBER}\s*分", text)):
        f.total_score = Stated(Decimal(m.group(1)), where)
    if f.grade is None and (m := _first(r"评定等级为\s*“?([优良中差])", text)):
        f.grade = (m.group(1), where)
    if f.valid_questionnaires is None and (m := _first(r"有效问卷\s*(\d+)\s*份", text)):
        f.valid_questionnaires = Stated(Decimal(m.group(1)), where)
    if f.satisfaction_score is None and (m := _first(rf"满意度得分(?:为)?\s*{NUMBER}\s*分", text)):
        f.satisfaction_score = Stated(Decimal(m.group(1)), where)
    if f.satisfied_rate is None and (m := _first(rf"满意率(?:[^0-9，。]{{0,30}}?为)?\s*{NUMBER}\s*%", text)):
        f.satisfied_rate = Stated(Decimal(m.group(1)), where)
    if f.satisfaction_percent is None and (m := _first(rf"满意度为\s*{NUMBER}\s*%", text)):
        f.satisfaction_percent = Stated(Decimal(m.group(1)), where)
    if f.very_satisfied is None and (m := _first(rf"{NUMBER}\s*%\s*(?:的受访者)?对该工作表示非常满意", text)):
        f.very_satisfied = Stated(Decimal(m.group(1)), where)
    if f.standard is None and (m := _first(rf"{NUMBER}\s*万元\s*/\s*家", text)):
        f.standard = Stated(Decimal(m.group(1)), where)
    if f.budget is None and (
        m := _first(rf"(?:财政资金拨款|项目经费|年度预算|预算金额)\s*{NUMBER}\s*万元", text)
    ):
        f.budget = Stated(Decimal(m.group(1)), where)
    for m in re.finditer(
        rf"支出\s*{NUMBER}\s*万元，为(?:(\d{{4}})年度?)?预算(?:金额)?(?:{NUMBER}万元)?的\s*{NUMBER}\s*%", text
    ):
        f.executions.append(
            Execution(
                Decimal(m.group(1)),
                Decimal(m.group(4)),
                where,
                int(m.group(2)) if m.group(2) else None,
                Decimal(m.group(3)) if m.group(3) else None,
            )
        )
    if "年度目标" in text and f.annual_target is None and (m := _first(r"计划扶持\s*(\d+)\s*家", text)):
        f.annual_target = Stated(Decimal(m.group(1)), where)
    for m in re.finditer(r"(?:扶持|参加[^，。]{0,40}?的)\s*(\d+)\s*家[^，。]{0,20}?(?:机构|完成)", text):
        if "计划" not in text[max(0, m.start() - 4) : m.start()]:
            f.completed.append(Stated(Decimal(m.group(1)), where))
            break
    for m in re.finditer(r"(?:使用)?(\d{4})年度?(?:结转)?资金\s*(\d+)\s*家", text):
        f.completed_by_year[int(m.group(1))] = int(m.group(2))
    if not f.survey_counties and (m := _first(r"对([^。，]*?)等\s*(\d+)\s*个县", text)):
        listed = m.group(1)
        f.survey_claims_participating = "参加" in listed
        names = [part.split("的")[-1] for part in re.split(r"[、和]", listed)]
        f.survey_counties = [n for n in names if COUNTY.match(n)]
        f.survey_count, f.survey_location = int(m.group(2)), where
    if f.unsurveyed_disclosed is None:
        if m := _first(r"([^，。；]*?)有参加机构但未开展(?:满意度)?调查", text):
            f.unsurveyed_disclosed = [n for n in re.split(r"[、和]", m.group(1)) if COUNTY.match(n)]
        elif "参加机构的县区均已开展调查" in text:
            f.unsurveyed_disclosed = []
