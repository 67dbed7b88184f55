from django.db import models

from .constants import RegionKind


class Region(models.Model):
    """A city, a county-level division, or a functional zone that reports through a county.

    Counties carry their official six-digit administrative division code (GB/T 2260); functional
    zones have none and point to the county they report through as their parent.
    """

    code = models.CharField("区划代码", max_length=6, unique=True, null=True, blank=True)
    name = models.CharField("名称", max_length=50)
    kind = models.CharField("类别", max_length=10, choices=RegionKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    aliases = models.JSONField("简称", default=list, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "行政区划"
        ordering = ["sort_order", "code", "name"]
        # Lists ordered by county (sort_order, id) then by a column of their own walk this index and
        # theirs instead of sorting every row (registry.Institution's ordering).
        indexes = [models.Index(fields=["sort_order", "id"], name="region_list_order")]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="region_name_unique_in_parent")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def county(self) -> "Region":
        """The county-level division responsible for this region (a zone's parent, else itself)."""
        return self.parent if self.kind == RegionKind.ZONE else self
