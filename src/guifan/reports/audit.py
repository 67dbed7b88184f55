"""Auditing a report written elsewhere: read the .docx, recognise its tables, run the checker."""

from dataclasses import dataclass
from typing import IO

from .domain import Finding, ReportFigures, check
from .extract import figures_of
from .reader import read_docx


@dataclass
class Audit:
    figures: ReportFigures
    findings: list[Finding]

    @property
    def recognised(self) -> list[str]:
        f = self.figures
        parts = [
            ("一级指标得分表", f.scores),
            ("绩效自评表", f.indicators),
            ("满意度调查表", f.satisfaction),
            ("机构名单和补助经费表", f.institutions),
            ("资金来源及使用表", f.funds),
        ]
        return [name for name, found in parts if found]


def audit_file(source: str | IO[bytes]) -> Audit:
    figures = figures_of(read_docx(source))
    return Audit(figures, check(figures))
