"""Auditing a report or form written elsewhere: read the file (any supported format), recognise its
tables — the report's own and the national 项目支出绩效自评表 — and run the checker."""

from dataclasses import dataclass
from typing import IO

from guifan.evaluation.rulesets import ruleset

from .document import Document
from .domain import Finding, ReportFigures, check
from .extract import figures_of
from .national import read_form
from .readers import read_report


@dataclass
class Audit:
    figures: ReportFigures
    findings: list[Finding]

    @property
    def recognised(self) -> list[str]:
        f = self.figures
        national = f.national
        parts = [
            ("项目支出绩效自评表", national is not None and national.found),
            ("一级指标得分表", f.scores),
            ("绩效自评表", f.indicators and not (national is not None and national.found)),
            ("满意度调查表", f.satisfaction),
            ("机构名单和补助经费表", f.institutions),
            ("资金来源及使用表", f.funds),
        ]
        return [name for name, found in parts if found]

    @property
    def unplaced(self) -> list[str]:
        """What the reader saw but could not place: listed, never guessed at."""
        return list(self.figures.national.unplaced) if self.figures.national is not None else []


def audit_document(document: Document, rules: str | None = None) -> Audit:
    """`rules`: the key of a scoring rule set (evaluation.rulesets); the national one when None."""
    figures = figures_of(document)
    figures.national = read_form(document)
    return Audit(figures, check(figures, ruleset(rules)))


def audit_file(source: str | IO[bytes], name: str = "", rules: str | None = None) -> Audit:
    return audit_document(read_report(source, name), rules)
