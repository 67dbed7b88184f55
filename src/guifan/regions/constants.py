from django.db import models


class RegionKind(models.TextChoices):
    CITY = "city", "市"
    COUNTY = "county", "县（市、区）"
    ZONE = "zone", "功能区"
