from django.db import models


class GradeState(models.TextChoices):
    VALID = "valid", "有效"
    UNDER_REVIEW = "under_review", "待年审"
    RECTIFYING = "rectifying", "限期整改"
    DOWNGRADED = "downgraded", "已降级"
    REVOKED = "revoked", "已撤销"
    EXPIRED = "expired", "已过期"
    CANCELLED = "cancelled", "已注销"
    REPLACED = "replaced", "已换发新证"


class GradeAction(models.TextChoices):
    OPEN_REVIEW = "open_review", "列入年审"
    KEEP = "keep", "保持等级"
    REQUIRE_RECTIFICATION = "require_rectification", "限期整改"
    DOWNGRADE = "downgrade", "降级"
    REVOKE = "revoke", "撤销等级"
    EXPIRE = "expire", "有效期届满"
    CANCEL = "cancel", "注销（机构关闭或迁出）"
    REPLACE = "replace", "重新评定，换发新证"


class ReviewKind(models.TextChoices):
    ANNUAL = "annual", "年审"
    SPOT = "spot", "暗访"


class Outcome(models.TextChoices):
    KEEP = "keep", "保持"
    RECTIFY = "rectify", "限期整改"
    DOWNGRADE = "downgrade", "降级"
    REVOKE = "revoke", "撤销"


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "待检查"
    RECTIFYING = "rectifying", "整改中"
    PROPOSED = "proposed", "待公示"
    PUBLICITY = "publicity", "公示中"
    CLOSED = "closed", "已办结"
