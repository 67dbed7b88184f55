"""The demo's programmes and money: the seed's facts, entered through the same services as users do."""

import json
from datetime import date
from pathlib import Path

from guifan.accounts.models import User
from guifan.core.money import yuan_to_fen
from guifan.funds import services
from guifan.funds.models import Enrolment, FundingSource, MultiYearPlan, Programme
from guifan.regions.models import Region
from guifan.registry.models import Institution

from .grading import load_grading_demo

FUNDS_FILE = Path(__file__).parent / "kunming-2022-funds.json"


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def load_funds_demo(admin: User) -> None:
    """Create the plan, the 2021 and 2022 programmes and their ledgers, unless already there."""
    data = json.loads(FUNDS_FILE.read_text(encoding="utf-8"))
    if Programme.objects.filter(year__in=[p["year"] for p in data["programmes"]]).exists():
        return
    plan_data = data["plan"]
    plan = MultiYearPlan.objects.create(
        name=plan_data["name"],
        start_year=plan_data["start_year"],
        end_year=plan_data["end_year"],
        target_institutions=plan_data["target_institutions"],
        target_amount=yuan_to_fen(plan_data["target_amount_yuan"]),
    )
    counties = {r.name: r for r in Region.objects.filter(kind="county")}
    sources: dict[int, FundingSource] = {}
    for item in data["programmes"]:
        programme = services.programme_create(
            by=admin,
            data={
                "year": item["year"],
                "name": item["name"],
                "implementing_unit": item["implementing_unit"],
                "notice_number": item["notice_number"],
                "subsidy_standard": yuan_to_fen(item["subsidy_standard_yuan"]),
                "annual_target": item["annual_target"],
                "execution_start": _day(item.get("execution_start")),
                "execution_end": _day(item.get("execution_end")),
                "plan": plan if item["in_plan"] else None,
            },
            counties=[counties[name] for name in item["counties"]],
        )
        _load_year(admin, programme, item, counties, sources)


def _load_year(admin, programme: Programme, item: dict, counties: dict, sources: dict) -> None:
    src = item["source"]
    source = services.source_create(
        by=admin,
        programme=programme,
        document=src["document"],
        budget=yuan_to_fen(src["budget_yuan"]),
        title=src.get("title", ""),
    )
    sources[programme.year] = source
    services.funds_receive(by=admin, source_id=source.pk, on=_day(src["received_on"]), amount=source.budget)
    for t in item["transfers"]:
        services.funds_transfer(
            by=admin,
            source_id=source.pk,
            county=counties[t["county"]],
            on=_day(t["on"]),
            amount=yuan_to_fen(t["yuan"]),
            document=t["document"],
        )
    for c in item["carry_overs"]:
        services.funds_carry_over(
            by=admin,
            source_id=sources[c["funding_year"]].pk,
            county=counties[c["county"]],
            into=programme,
            on=_day(c["on"]),
            amount=yuan_to_fen(c["yuan"]),
            document=c["document"],
        )
    if item["enrolments"]:
        load_grading_demo(admin, programme, item["enrolments"])
    for p in item["payments"]:
        institution = Institution.objects.get(name=p["institution"])
        services.funds_pay(
            by=User.objects.get(username=p["by"]),
            enrolment_id=Enrolment.objects.get(programme=programme, institution=institution).pk,
            source_id=sources[p["funding_year"]].pk,
            on=_day(p["on"]),
            voucher=p["voucher"],
            amount=programme.subsidy_standard,
        )
