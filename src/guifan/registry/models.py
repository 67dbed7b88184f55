from django.db import models
from django.db.models import Q

from guifan.core.models import TimeStampedModel
from guifan.core.phones import mask_phone

from .constants import InstitutionStatus, LegalForm


class Institution(TimeStampedModel):
    """A blind health-massage institution (盲人保健按摩机构) in the city's registry."""

    name = models.CharField("机构名称", max_length=100)
    legal_form = models.CharField(
        "组织形式", max_length=20, choices=LegalForm.choices, default=LegalForm.INDIVIDUAL
    )
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    county = models.ForeignKey(
        "regions.Region", verbose_name="所属县区", on_delete=models.PROTECT, related_name="institutions"
    )
    zone = models.ForeignKey(
        "regions.Region",
        verbose_name="所在功能区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="zone_institutions",
    )
    address = models.CharField("经营地址", max_length=200, blank=True)
    responsible_person = models.CharField("负责人姓名", max_length=50)
    phone = models.CharField("联系电话", max_length=20)
    staff_count = models.PositiveIntegerField("从业人员数", null=True, blank=True)
    blind_staff_count = models.PositiveIntegerField("盲人（视力残疾）从业人员数", null=True, blank=True)
    opened_on = models.DateField("开业日期", null=True, blank=True)
    status = models.CharField(
        "经营状态", max_length=20, choices=InstitutionStatus.choices, default=InstitutionStatus.OPEN
    )

    class Meta:
        verbose_name = verbose_name_plural = "按摩机构"
        ordering = ["county__sort_order", "county_id", "name"]  # see Region's index
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="institution_name_unique_in_county"),
            models.UniqueConstraint(
                fields=["credit_code"], condition=~Q(credit_code=""), name="institution_credit_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)
