from django.db import models


class Event(models.TextChoices):
    APPLICATION_RETURNED = "application_returned", "申请被退回修改"
    APPLICATION_APPROVED = "application_approved", "申请通过县区审核"
    INSPECTION_STARTED = "inspection_started", "市级检查验收开始"
    RECTIFICATION_SET = "rectification_set", "收到整改要求"
    RECTIFICATION_DUE = "rectification_due", "整改3天内到期"
    RECTIFICATION_OVERDUE = "rectification_overdue", "整改已逾期"
    RECTIFICATION_ANSWERED = "rectification_answered", "整改情况已提交"
    PUBLICITY_STARTED = "publicity_started", "公示开始"
    PUBLICITY_ENDED = "publicity_ended", "公示期结束"
    OBJECTION_RECEIVED = "objection_received", "收到异议"
    OBJECTION_RESOLVED = "objection_resolved", "异议处理完毕"
    COUNCIL_DECISION = "council_decision", "理事会决定"
    PAYMENT_MADE = "payment_made", "补助已拨付"
    SURVEY_OPENED = "survey_opened", "满意度调查开始"
    REVIEW_DUE = "review_due", "年审待办"
    GRADE_EXPIRING = "grade_expiring", "等级即将到期"
    GRADE_LOWERED = "grade_lowered", "等级降级"
    GRADE_REVOKED = "grade_revoked", "等级撤销"
    GRADE_ENDED = "grade_ended", "等级过期或注销"
    EVALUATION_SIGNED = "evaluation_signed", "绩效自评已签发"


class EmailState(models.TextChoices):
    NONE = "", "不发送"
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"
