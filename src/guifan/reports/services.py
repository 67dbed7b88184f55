"""Writes of the reports app: edit the narrative; generate a report (checked first, audited)."""

import io
from dataclasses import dataclass

from django.db import transaction

from guifan.accounts.constants import Role
from guifan.audit.constants import AuditAction
from guifan.audit.services import audit_record
from guifan.core.exceptions import ScopeViolation

from . import builder, narrative, readiness
from .audit import audit_document
from .document import Document
from .domain import Finding
from .html import render_html
from .models import NarrativeBlock
from .pdf import html_to_pdf
from .word import write_docx

FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "pdf": ("application/pdf", "pdf"),
    "html": ("text/html; charset=utf-8", "html"),
}
READERS = {Role.CITY_ADMIN, Role.AUDITOR}


class NarrativeError(Exception):
    def __init__(self, errors: dict[str, str]):
        super().__init__("；".join(errors.values()))
        self.errors = errors


class ReportBlocked(Exception):
    """The checker found inconsistencies and the user has not acknowledged them."""

    def __init__(self, findings: list[Finding]):
        super().__init__(f"一致性检查发现{len(findings)}处问题，确认后才能导出")
        self.findings = findings


class ReportIncomplete(Exception):
    """The year lacks what the report must state (its funds, its self-evaluation)."""

    def __init__(self, missing: list[readiness.Missing]):
        super().__init__(f"还不能导出：{'；'.join(readiness.export_blockers(missing))}。请先完成上列事项")
        self.missing = missing


@dataclass
class Report:
    content: bytes
    content_type: str
    filename: str
    findings: list[Finding]


def _require(by, roles) -> None:
    """`by` None is the command line, run by whoever administers the server."""
    if by is not None and by.role not in roles:
        raise ScopeViolation("自评报告由市级管理员编写")


def narrative_save(*, by, programme, texts: dict[str, str]) -> list[str]:
    """Save edited blocks (all or nothing); refuses placeholders that no computed value answers to."""
    _require(by, {Role.CITY_ADMIN})
    names = builder.placeholder_names()
    errors = {}
    for key, text in texts.items():
        if key not in narrative.BY_KEY:
            errors[key] = f"没有名为“{key}”的段落"
        elif not text.strip():
            errors[key] = f"“{narrative.BY_KEY[key].title}”不能为空：报告的每个标题下都要有文字"
        elif bad := narrative.unknown(text, names):
            title = narrative.BY_KEY[key].title
            errors[key] = (
                f"“{title}”中的占位符{'、'.join('{' + b + '}' for b in bad)}不存在，请从可用占位符中选择"
            )
    if errors:
        raise NarrativeError(errors)
    changed = []
    with transaction.atomic():
        saved = {b.key: b for b in NarrativeBlock.objects.select_for_update().filter(programme=programme)}
        for key, text in texts.items():
            text = text.replace("\r\n", "\n").strip()
            old = saved[key].text if key in saved else narrative.BY_KEY[key].default
            if text == old:
                continue
            block, _ = NarrativeBlock.objects.update_or_create(
                programme=programme, key=key, defaults={"text": text, "updated_by": by}
            )
            audit_record(by=by, action=AuditAction.UPDATE, obj=block, changes={key: [old, text]})
            changed.append(key)
    return changed


def narrative_copy(*, by, programme, previous) -> list[str]:
    """The previous year's edited texts for a new year (its placeholders fill in the new year's
    figures); blocks never edited keep the default text. Runs inside `programme_start`'s transaction."""
    copied = []
    with transaction.atomic():
        for old in NarrativeBlock.objects.filter(programme=previous).order_by("key"):
            if old.key not in narrative.BY_KEY:
                continue
            block, created = NarrativeBlock.objects.get_or_create(
                programme=programme,
                key=old.key,
                defaults={"text": old.text, "updated_by": by or old.updated_by},
            )
            if created:
                audit_record(
                    by=by,
                    action=AuditAction.CREATE,
                    obj=block,
                    changes={old.key: [None, old.text]},
                    note=f"新建年度项目：沿用{previous.year}年度报告文字",
                )
                copied.append(old.key)
    return copied


def render(document: Document, fmt: str, title: str) -> bytes:
    if fmt == "docx":
        out = io.BytesIO()
        write_docx(document, out, title=title)
        return out.getvalue()
    html = render_html(document, title=title)
    return html_to_pdf(html) if fmt == "pdf" else html.encode("utf-8")


def report_generate(*, by, programme, fmt: str, acknowledge: bool = False) -> Report:
    """Build the report from the records, check it, and write it unless the check found something
    the user has not acknowledged. Every export is in the audit trail with its findings."""
    _require(by, READERS)
    if fmt not in FORMATS:
        raise ValueError(f"不支持的格式：{fmt}")
    facts = builder.gather(programme)
    missing = readiness.missing(facts)
    if readiness.export_blockers(missing):
        raise ReportIncomplete(missing)
    document = builder.build(programme, facts=facts)
    findings = audit_document(document).findings  # as 报告检查 would check the file
    if findings and not acknowledge:
        raise ReportBlocked(findings)
    title = f"{programme.name}绩效自评报告"
    content = render(document, fmt, title)
    note = f"导出自评报告（{fmt}）" + (
        f"，确认了一致性检查的{len(findings)}处问题" if findings else "，一致性检查无问题"
    )
    audit_record(by=by, action=AuditAction.EXPORT, obj=programme, changes={}, note=note)
    content_type, ext = FORMATS[fmt]
    return Report(content, content_type, f"self-evaluation-{programme.year}.{ext}", findings)
