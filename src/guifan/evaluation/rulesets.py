"""Scoring rule sets as data (data/rulesets.json): the national form's rules, and provincial ones
that cap the self-evaluation total by the budget execution rate and deduct points from an indicator
whose result overshoots its target (指标偏离). The report checker applies the chosen set to forms
written elsewhere; a programme's own scoring applies its set. Pure Python."""

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "rulesets.json"
NATIONAL = "national"


@dataclass(frozen=True)
class RuleSet:
    key: str
    name: str
    source: str
    caps: tuple[tuple[Decimal, Decimal], ...]  # (execution rate below, highest total allowed)
    deviation_over: Decimal | None  # percent above the target that counts as 指标偏离
    deviation_deduct: Decimal | None

    def cap_for(self, rate_percent: Decimal | None) -> Decimal | None:
        """The highest total this execution rate allows; None when it allows any."""
        if rate_percent is None:
            return None
        allowed = [top for below, top in self.caps if rate_percent < below]
        return min(allowed) if allowed else None

    def deviates(self, operator: str, target: Decimal | None, actual: Decimal | None) -> bool:
        """An upward target (≥, >) overshot by the set's percentage or more."""
        if self.deviation_over is None or target is None or actual is None or target <= 0:
            return False
        return operator in ("≥", ">") and actual >= target * (1 + self.deviation_over / 100)

    def deducted(
        self, score: Decimal, operator: str, target: Decimal | None, actual: Decimal | None
    ) -> Decimal:
        """A score less the set's 指标偏离 points where the result overshoots its target (never below 0)."""
        if self.deviation_deduct is None or not self.deviates(operator, target, actual):
            return score
        return max(Decimal(0), score - self.deviation_deduct)

    def cap_problem(self, rate_percent: Decimal | None, total: Decimal) -> str | None:
        """Why a total cannot stand under this set (its execution rate caps it), in Chinese; else None."""
        cap = self.cap_for(rate_percent)
        if cap is None or total <= cap:
            return None
        return (
            f"按“{self.name}”，预算执行率{rate_percent.normalize():f}%时自评总分最高{cap.normalize():f}分，"
            f"现为{total.quantize(Decimal('0.01')).normalize():f}分：请调整相关指标得分（写明理由）"
        )


@cache
def rulesets() -> dict[str, RuleSet]:
    out = {}
    for item in json.loads(DATA.read_text(encoding="utf-8")):
        deviation = item.get("deviation") or {}
        out[item["key"]] = RuleSet(
            key=item["key"],
            name=item["name"],
            source=item.get("source", ""),
            caps=tuple((Decimal(c["rate_below"]), Decimal(c["max_total"])) for c in item["caps"]),
            deviation_over=Decimal(deviation["over_percent"]) if deviation else None,
            deviation_deduct=Decimal(deviation["deduct"]) if deviation else None,
        )
    return out


def ruleset(key: str | None) -> RuleSet:
    return rulesets().get(key or NATIONAL, rulesets()[NATIONAL])


def choices() -> list[tuple[str, str]]:
    return [(r.key, r.name) for r in rulesets().values()]
