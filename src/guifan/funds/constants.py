from django.db import models


class EntryKind(models.TextChoices):
    """What a ledger entry moves. A reversal has the kind of the entry it reverses, with the opposite sign."""

    RECEIPT = "receipt", "资金到位"  # finance bureau → city (the source's money arrives)
    TRANSFER = "transfer", "下拨"  # city → county
    PAYMENT = "payment", "拨付"  # county → institution
    RECOVERY = "recovery", "收回"  # county → city (unspent money taken back)
    CARRY_OVER = "carry_over", "结转"  # a county's balance of one funding year, kept for use in a later year
