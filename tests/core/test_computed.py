"""Kept aggregates are read back only for the same inputs and the same code."""

from guifan.core import computed as kept


def test_a_value_is_computed_once_per_version_of_its_inputs():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert kept.computed("figures", (1, "a"), compute) == 1
    assert kept.computed("figures", (1, "a"), compute) == 1
    assert kept.computed("figures", (2, "a"), compute) == 2


def test_a_value_kept_by_other_code_is_not_read_after_an_upgrade(monkeypatch):
    assert (
        kept.computed("figures", (7,), lambda: "stored by the release before")
        == "stored by the release before"
    )
    monkeypatch.setattr(kept, "code_version", lambda: "the next release")
    assert kept.computed("figures", (7,), lambda: "computed anew") == "computed anew"
