from django.db import models


class Role(models.TextChoices):
    CITY_ADMIN = "city_admin", "市级管理员"
    COUNTY_OFFICER = "county_officer", "县区经办"
    INSPECTOR = "inspector", "评审专家"
    OPERATOR = "operator", "机构用户"
    AUDITOR = "auditor", "财政/审计（只读）"
