"""The programme's key figures as a plain document (JSON-ready), amounts in yuan as decimal strings.

`guifan programme-summary YEAR` prints it; the report and the consistency checker read it too.
"""

from typing import Any

from guifan.core.money import fen_to_yuan

from .figures import ProgrammeFigures


def _yuan(fen: int) -> str:
    return str(fen_to_yuan(fen))


def _rate(rate) -> str | None:
    return None if rate is None else str(rate)


def programme_summary(figures: ProgrammeFigures) -> dict[str, Any]:
    programme = figures.programme
    document: dict[str, Any] = {
        "programme": {
            "year": programme.year,
            "name": programme.name,
            "implementing_unit": programme.implementing_unit,
            "notice_number": programme.notice_number,
            "subsidy_standard": _yuan(programme.subsidy_standard),
            "annual_target": programme.annual_target,
        },
        "funding_years": [
            {
                "year": y.source.year,
                "document": y.source.document,
                "budget": _yuan(y.source.budget),
                "received": _yuan(y.received),
                "transferred": _yuan(y.transferred - y.recovered),
                "paid": _yuan(y.paid),
                "balance_at_counties": _yuan(y.county_balance),
                "not_transferred": _yuan(y.unallocated),
                "institutions_paid": y.institutions,
                "execution_rate": _rate(y.execution_rate),
                "arrival_rate": _rate(y.arrival_rate),
                "county_balances": {name: _yuan(c.balance) for name, c in counties if c.balance},
                "counties": [
                    {
                        "county": name,
                        "transferred": _yuan(c.net_transferred),
                        "paid": _yuan(c.paid),
                        "balance": _yuan(c.balance),
                        "institutions_paid": c.institutions,
                        "carried_over": _yuan(c.carried),
                    }
                    for name, c in counties
                ],
            }
            for y, counties in figures.by_county
        ],
        "counties": [
            {
                "county": name,
                "institutions": row.institutions,
                "amount": _yuan(row.amount),
                "by_funding_year": {str(year): _yuan(a) for year, a in sorted(row.by_funding_year.items())},
            }
            for name, row in figures.county_rows
        ],
        "payments_by_funding_year": {
            str(year): {"institutions": n, "amount": _yuan(amount)}
            for year, (n, amount) in figures.split.items()
        },
        "paid_in_year": {"institutions": figures.total_institutions, "amount": _yuan(figures.total_amount)},
        "sentence": figures.sentence,
    }
    if figures.plan:
        document["plan"] = {
            "target_institutions": figures.plan.target_institutions,
            "target_amount": _yuan(figures.plan.target_amount),
            "institutions_so_far": figures.plan.institutions,
            "amount_so_far": _yuan(figures.plan.amount),
            "institutions_rate": _rate(figures.plan.institutions_rate),
            "amount_rate": _rate(figures.plan.amount_rate),
        }
    return document
