"""The grade certificate (评定证书), as data for the HTML page and as a Word document."""

from dataclasses import dataclass
from datetime import date
from typing import IO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt


@dataclass(frozen=True)
class Certificate:
    institution: str
    county: str
    grade: str
    score: str
    year: int
    decision: str
    approved_on: date
    valid_until: date
    issuer: str
    number: str = ""
    status: str = ""  # empty while in force; else why it is not (已过期, 已降级 …)


def details(application, today: date) -> Certificate:
    """The certificate of a council-approved application, from its official grade record."""
    grade = getattr(application, "official_grade", None)
    if grade is not None:
        return of_grade(
            grade, application.programme.implementing_unit, today, year=application.programme.year
        )
    decision = application.decision
    approved = decision.meeting_date
    return Certificate(
        institution=application.institution.name,
        county=application.county.name,
        grade=application.grade,
        score=str(application.score),
        year=application.programme.year,
        decision=decision.number,
        approved_on=approved,
        valid_until=approved.replace(year=approved.year + decision.validity_years),
        issuer=application.programme.implementing_unit,
    )


def of_grade(grade, issuer: str, today: date, year: int | None = None) -> Certificate:
    """A grade record (supervision.Grade) as a certificate: its number, validity and state today."""
    return Certificate(
        institution=grade.institution.name,
        county=grade.county.name,
        grade=grade.level,
        score="" if grade.score is None else str(grade.score),
        year=year or grade.decided_on.year,
        decision=grade.decision_number,
        approved_on=grade.decided_on,
        valid_until=grade.valid_to,
        issuer=issuer,
        number=grade.certificate_number,
        status=grade.status_on(today),
    )


def _run(paragraph, text: str, size: int, bold: bool = False) -> None:
    run = paragraph.add_run(text)
    run.font.size, run.font.bold = Pt(size), bold
    run.font.name = "SimSun"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")


def write_docx(c: Certificate, target: IO[bytes]) -> None:
    document = Document()
    for text, size, bold in [
        ("盲人保健按摩机构规范化建设", 22, True),
        ("量化分级评定证书", 26, True),
        ("", 12, False),
        (c.institution, 20, True),
        (f"经{c.year}年度规范化建设量化分级评定，评定为", 14, False),
        (c.grade, 28, True),
        (f"（验收得分 {c.score} 分）" if c.score else "", 12, False),
        (f"证书编号：{c.number}" if c.number else "", 12, False),
        (f"批准文号：{c.decision}    批准日期：{c.approved_on:%Y年%-m月%-d日}", 12, False),
        (f"有效期至：{c.valid_until:%Y年%-m月%-d日}", 12, False),
        ("", 12, False),
        (c.issuer, 14, False),
        (f"本证书已失效：{c.status}" if c.status else "", 16, True),
    ]:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if text:
            _run(paragraph, text, size, bold)
    document.core_properties.title = f"{c.institution} 评定证书"
    document.core_properties.language = "zh-CN"
    document.save(target)
