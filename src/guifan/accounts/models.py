from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q

from . import domain
from .constants import Role


class GuifanUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.CITY_ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in. The role and its binding (county, institution) decide what they reach."""

    role = models.CharField("角色", max_length=20, choices=Role.choices)
    full_name = models.CharField("姓名", max_length=50, blank=True)
    county = models.ForeignKey(
        "regions.Region", verbose_name="所属县区", null=True, blank=True, on_delete=models.PROTECT
    )
    institution = models.ForeignKey(
        "registry.Institution", verbose_name="所属机构", null=True, blank=True, on_delete=models.PROTECT
    )
    # Set when someone else chose the password (a new login, a reset): the person replaces it first.
    must_change_password = models.BooleanField("须修改密码", default=False)

    objects = GuifanUserManager()

    class Meta:
        verbose_name = verbose_name_plural = "用户"
        constraints = [
            models.CheckConstraint(
                name="county_officer_has_county",
                condition=~Q(role=Role.COUNTY_OFFICER) | Q(county__isnull=False),
            ),
            models.CheckConstraint(
                name="operator_has_institution",
                condition=~Q(role=Role.OPERATOR) | Q(institution__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def sees_personal_data(self) -> bool:
        return self.role in domain.SEES_PERSONAL_DATA

    @property
    def reads_audit_log(self) -> bool:
        return self.role in domain.READS_AUDIT_LOG


class LoginFailure(models.Model):
    """One failed sign-in; recent ones throttle further attempts for the account and the address."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "登录失败记录"

    def __str__(self) -> str:
        return f"{self.username} @ {self.at:%Y-%m-%d %H:%M}"
