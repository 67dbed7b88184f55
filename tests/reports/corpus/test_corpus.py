"""The checker on published self-evaluation forms (specs/*.json, transcribed by hand with the faults
computed by hand; SPEC.md): each built file, in its format, yields exactly the faults of its spec."""

import json
from pathlib import Path

import pytest

from guifan.reports.audit import audit_file
from guifan.reports.document import Table
from guifan.reports.readers import read_report

HERE = Path(__file__).resolve().parent
SPECS = sorted((HERE / "specs").glob("*.json"))


def spec_of(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _plain(cell: str | None) -> str | None:
    return None if cell is None else cell.replace(" ", "").replace("\n", "")


def built(spec: dict) -> Path:
    return HERE / "files" / f"{spec['id']}.{spec['format']}"


@pytest.fixture(params=SPECS, ids=[p.stem for p in SPECS])
def spec(request) -> dict:
    return spec_of(request.param)


def test_every_form_yields_exactly_the_faults_found_by_hand(spec):
    audit = audit_file(str(built(spec)))
    found = sorted({(f.rule, f.subject) for f in audit.findings})
    assert found == sorted({(f["rule"], f["subject"]) for f in spec["faults"]}), [
        str(f) for f in audit.findings
    ]
    assert ("项目支出绩效自评表" in audit.recognised) == bool(spec["tables"])


def test_every_format_reads_back_the_cells_as_transcribed(spec):
    """The reader of each format gives the grid the spec holds, merged cells included (spaces aside)."""
    tables = [b for b in read_report(str(built(spec))).blocks if isinstance(b, Table)]
    read = [[_plain(c) for c in row] for t in tables for row in t.rows]
    written = [[_plain(c) for c in row] for t in spec["tables"] for row in t["rows"]]
    assert read == written


def test_transcriptions_of_one_form_agree_and_a_third_of_the_forms_are_consistent():
    """Some forms were transcribed independently twice or three times (into other formats): their
    faults must be the same; forms are counted once."""
    by_source: dict[str, set] = {}
    for s in map(spec_of, SPECS):
        assert s["source"] and s["consistent"] == (not s["faults"]), s["id"]
        faults = frozenset((f["rule"], f["subject"]) for f in s["faults"])
        assert by_source.setdefault(s["source"], faults) == faults, s["id"]
    assert sum(not faults for faults in by_source.values()) * 3 >= len(by_source)
