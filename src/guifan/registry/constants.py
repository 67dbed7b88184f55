from django.db import models


class LegalForm(models.TextChoices):
    INDIVIDUAL = "individual", "个体工商户"
    COMPANY = "company", "有限责任公司"
    BRANCH = "branch", "分公司"
    SOLE_PROPRIETORSHIP = "sole", "个人独资企业"
    PARTNERSHIP = "partnership", "合伙企业"
    PRIVATE_NON_ENTERPRISE = "non_enterprise", "民办非企业单位"


class InstitutionStatus(models.TextChoices):
    OPEN = "open", "营业中"
    SUSPENDED = "suspended", "停业"
    CLOSED = "closed", "注销"


# The institution's editable fields, in form and audit order.
INSTITUTION_FIELDS = (
    "name",
    "legal_form",
    "credit_code",
    "county",
    "zone",
    "address",
    "responsible_person",
    "phone",
    "staff_count",
    "blind_staff_count",
    "opened_on",
    "status",
)
