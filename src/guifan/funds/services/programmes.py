"""Writes of programme years and their budget lines: a blank year, or a year started from the last."""

from typing import Any

from django.db import IntegrityError, transaction

from guifan.accounts.constants import Role
from guifan.audit.constants import AuditAction
from guifan.audit.domain import field_changes
from guifan.audit.services import audit_record
from guifan.regions.models import Region

from .. import domain
from ..models import FundingSource, Programme
from ..signals import programme_started
from .ledger import _require


def _create(*, by, data: dict[str, Any], counties: list[Region]) -> Programme:
    try:
        with transaction.atomic():
            programme = Programme.objects.create(**data)
    except IntegrityError as exc:  # two people creating the same year at once
        raise domain.YearExists(f"{data['year']}年度项目已存在，不能重复新建") from exc
    programme.counties.set(counties)
    audit_record(
        by=by,
        action=AuditAction.CREATE,
        obj=programme,
        changes=field_changes({}, {**data, "counties": sorted(c.name for c in counties)}),
    )
    return programme


def programme_create(*, by, data: dict[str, Any], counties: list[Region]) -> Programme:
    """A blank programme year (the first year, or one that copies nothing)."""
    _require(by, Role.CITY_ADMIN)
    with transaction.atomic():
        return _create(by=by, data=data, counties=counties)


def source_create(*, by, programme: Programme, document: str, budget: int, title: str = "") -> FundingSource:
    _require(by, Role.CITY_ADMIN)
    domain.check_budget(budget)
    with transaction.atomic():
        source = FundingSource.objects.create(
            programme=programme, document=document, budget=budget, title=title
        )
        audit_record(
            by=by,
            action=AuditAction.CREATE,
            obj=source,
            changes=field_changes({}, {"document": document, "budget": budget, "title": title}),
        )
        return source


def programme_start(
    *,
    by,
    year: int,
    previous: Programme,
    data: dict[str, Any],
    counties: list[Region],
    source_document: str,
    source_budget: int,
    source_title: str = "",
) -> Programme:
    """新建年度项目: a new year from the previous one, with its budget line, all or nothing.

    `data` holds the year's own settings (name, unit, notice, standard, target, period, plan).
    `programme_started` is sent inside the transaction so every app copies its settings for the
    year (questionnaire, indicator tree, narrative texts); a receiver that fails undoes it all.
    """
    _require(by, Role.CITY_ADMIN)
    with transaction.atomic():
        domain.check_new_year(
            year=year,
            previous_year=previous.year,
            year_exists=Programme.objects.filter(year=year).exists(),
            budget=source_budget,
        )
        programme = _create(by=by, data={**data, "year": year}, counties=counties)
        source_create(
            by=by, programme=programme, document=source_document, budget=source_budget, title=source_title
        )
        programme_started.send(sender=Programme, programme=programme, previous=previous, by=by)
        return programme
