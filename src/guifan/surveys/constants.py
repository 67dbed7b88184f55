from django.db import models


class QuestionKind(models.TextChoices):
    SCALE = "scale", "单选（满意度量表，计分）"
    MULTIPLE = "multiple", "多选（不计分）"
    TEXT = "text", "文字（不计分）"


class Source(models.TextChoices):
    ONLINE = "online", "网上作答"
    PAPER = "paper", "纸质问卷逐份录入"


class RespondentType(models.TextChoices):
    OPERATOR = "operator", "机构经营者"
    MASSEUR = "masseur", "盲人按摩师"
    OTHER = "other", "其他"
