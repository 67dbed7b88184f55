"""Load a city and its divisions from a JSON data file (used by a migration and `guifan load-regions`).

Adding another city is adding a file like data/530100-kunming.json, not code.
"""

import json
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"


def load_region_file(region_model: Any, path: Path) -> int:
    """Create or update the regions in the file; return how many were written. Idempotent."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    city, _ = region_model.objects.update_or_create(
        code=data["code"], defaults={"name": data["name"], "kind": "city", "parent": None}
    )
    written = 1
    counties = {}
    for order, item in enumerate(data["counties"], start=1):
        counties[item["code"]], _ = region_model.objects.update_or_create(
            code=item["code"],
            defaults={
                "name": item["name"],
                "kind": "county",
                "parent": city,
                "aliases": item.get("aliases", []),
                "sort_order": order,
            },
        )
        written += 1
    for order, item in enumerate(data.get("zones", []), start=100):
        parent = counties[item["reports_through"]]
        _update_zone(region_model, parent, item, order)
        written += 1
    return written


def _update_zone(region_model: Any, parent: Any, item: dict[str, Any], order: int) -> None:
    defaults = {"kind": "zone", "aliases": item.get("aliases", []), "sort_order": order}
    region_model.objects.update_or_create(parent=parent, name=item["name"], code=None, defaults=defaults)
