"""A satisfaction table of two questions and no 合计 rows: its last question is a question, not the
table's total (the checker used to take it for the total and raise a dozen false alarms)."""

from guifan.reports.audit import audit_document
from guifan.reports.document import Document, Para, Table

HEAD = [
    "问卷题目及选项",
    "项目",
    "A（非常满意）",
    "B（满意）",
    "C（一般）",
    "D（不满意）",
    "E（很不满意）",
    "合计人数",
]


def survey(second_share_a: str = "50.00%") -> Document:
    # 50 points a question: Q1 50 × (0.8 × 1.0 + 0.2 × 0.8) = 48; Q2 50 × (0.5 × 1.0 + 0.5 × 0.8) = 45
    rows = [
        HEAD,
        ["1.服务态度", "人数", "8", "2", "0", "0", "0", "10"],
        [None, "占比", "80.00%", "20.00%", "0.00%", "0.00%", "0.00%", "100%"],
        [None, "分数", "40.00", "8.00", "0.00", "0.00", "0.00", "48.00"],
        ["2.服务效果", "人数", "5", "5", "0", "0", "0", "10"],
        [None, "占比", second_share_a, "50.00%", "0.00%", "0.00%", "0.00%", "100%"],
        [None, "分数", "25.00", "20.00", "0.00", "0.00", "0.00", "45.00"],
    ]
    return Document([Para("满意度调查结果"), Table(rows, header_rows=1)])


def test_a_consistent_table_without_totals_has_no_finding():
    audit = audit_document(survey())
    assert "满意度调查表" in audit.recognised
    assert audit.findings == []


def test_a_wrong_share_in_its_last_question_is_still_found():
    findings = audit_document(survey(second_share_a="60.00%")).findings
    assert [(f.rule, f.location.endswith("第2题A项")) for f in findings if "占比写60.00%" in f.message] == [
        ("满意度表", True)
    ]
