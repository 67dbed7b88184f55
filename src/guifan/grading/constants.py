from django.db import models


class State(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交，待县区审核"
    RETURNED = "returned", "已退回修改"
    COUNTY_APPROVED = "county_approved", "县区审核通过"
    CONSTRUCTION = "construction", "规范化建设中"
    SELF_INSPECTED = "self_inspected", "县区自检完成"
    CITY_INSPECTION = "city_inspection", "市级检查验收中"
    RECTIFICATION = "rectification", "整改中"
    RECTIFICATION_SUBMITTED = "rectification_submitted", "整改材料已提交"
    REINSPECTION = "reinspection", "复查中"
    ACCEPTED = "accepted", "验收通过"
    FAILED = "failed", "验收未通过"
    PUBLICITY = "publicity", "公示中"
    OBJECTION = "objection", "异议处理中"
    COUNCIL_APPROVED = "council_approved", "理事会已批准"
    PAID = "paid", "补助已拨付"
    WITHDRAWN = "withdrawn", "已撤回"
    NOT_COMPLETED = "not_completed", "年度内未完成"


class Action(models.TextChoices):
    SUBMIT = "submit", "提交申请"
    RETURN = "return", "退回修改"
    APPROVE = "approve", "县区审核通过"
    START_CONSTRUCTION = "start_construction", "开始规范化建设"
    FINISH_SELF_INSPECTION = "finish_self_inspection", "完成县区自检"
    START_CITY_INSPECTION = "start_city_inspection", "开始市级检查验收"
    REQUIRE_RECTIFICATION = "require_rectification", "提出整改意见"
    SUBMIT_RECTIFICATION = "submit_rectification", "提交整改材料"
    START_REINSPECTION = "start_reinspection", "开始复查"
    ACCEPT = "accept", "验收通过"
    FAIL = "fail", "验收不通过"
    PUBLISH = "publish", "列入公示"
    RAISE_OBJECTION = "raise_objection", "收到异议"
    UPHOLD_RECTIFY = "uphold_rectify", "异议成立，退回整改"
    UPHOLD_FAIL = "uphold_fail", "异议成立，不予通过"
    DISMISS_OBJECTION = "dismiss_objection", "异议不成立"
    COUNCIL_APPROVE = "council_approve", "理事会批准"
    MARK_PAID = "mark_paid", "补助已拨付"
    WITHDRAW = "withdraw", "撤回申请"
    NOT_COMPLETE = "not_complete", "年度内未完成"


class StandardKind(models.TextChoices):
    GRADING = "grading", "评定标准"
    REVIEW = "review", "年审检查表"


class CheckMethod(models.TextChoices):
    DOCUMENT = "document", "查阅资料"
    ON_SITE = "on_site", "现场查看"
    PHOTO = "photo", "照片"


class InspectionKind(models.TextChoices):
    COUNTY = "county", "县区自检"
    CITY = "city", "市级检查验收"
    REINSPECTION = "reinspection", "复查"


class ObjectionStatus(models.TextChoices):
    OPEN = "open", "待处理"
    UPHELD = "upheld", "成立"
    DISMISSED = "dismissed", "不成立"
