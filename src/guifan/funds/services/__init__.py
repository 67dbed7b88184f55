"""Writes of the funds app, one module per part of it; import from here."""

from .ledger import (
    DuplicateVoucher,
    entry_reverse,
    funds_carry_over,
    funds_pay,
    funds_receive,
    funds_recover,
    funds_transfer,
)
from .programmes import programme_create, programme_start, source_create

__all__ = [
    "DuplicateVoucher",
    "entry_reverse",
    "funds_carry_over",
    "funds_pay",
    "funds_receive",
    "funds_recover",
    "funds_transfer",
    "programme_create",
    "programme_start",
    "source_create",
]
