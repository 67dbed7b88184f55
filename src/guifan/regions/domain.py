"""Resolve the names people type (五华, 石林县, 滇池度假区) to regions. Pure Python."""

import re
from dataclasses import dataclass, field

_SPACES = re.compile(r"\s+")


def normalize_name(name: str) -> str:
    """Remove all white space, including the full-width spaces documents use to pad names."""
    return _SPACES.sub("", str(name or "").replace("\u3000", " "))


@dataclass(frozen=True)
class RegionRef:
    id: int
    name: str
    kind: str
    county_id: int
    aliases: tuple[str, ...] = field(default=())


class RegionIndex:
    """Look up a county or functional zone by its full name or any alias."""

    def __init__(self, regions: list[RegionRef]) -> None:
        self._by_name: dict[str, list[RegionRef]] = {}
        for region in regions:
            for key in {region.name, *region.aliases}:
                self._by_name.setdefault(normalize_name(key), []).append(region)

    def resolve(self, name: str) -> RegionRef | None:
        """The single region so named, or None when unknown or ambiguous."""
        matches = self._by_name.get(normalize_name(name), [])
        return matches[0] if len(matches) == 1 else None

    def error(self, name: str) -> str | None:
        """A Chinese message when the name does not name exactly one region."""
        if not normalize_name(name):
            return "请填写所属县区"
        matches = self._by_name.get(normalize_name(name), [])
        if not matches:
            return f"未知县区“{name}”"
        if len(matches) > 1:
            return f"县区“{name}”有歧义，请写全称"
        return None
