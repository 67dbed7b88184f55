from django.db.models import QuerySet

from .constants import RegionKind
from .domain import RegionIndex, RegionRef
from .models import Region


def counties() -> QuerySet[Region]:
    """County-level divisions (the unit a county officer is bound to), in official order."""
    return Region.objects.filter(kind=RegionKind.COUNTY)


def zones() -> QuerySet[Region]:
    return Region.objects.filter(kind=RegionKind.ZONE).select_related("parent")


def region_index() -> RegionIndex:
    """Every county and zone by name and alias, built with one query."""
    refs = [
        RegionRef(
            id=r.id,
            name=r.name,
            kind=r.kind,
            county_id=r.parent_id if r.kind == RegionKind.ZONE else r.id,
            aliases=tuple(r.aliases),
        )
        for r in Region.objects.exclude(kind=RegionKind.CITY)
    ]
    return RegionIndex(refs)
