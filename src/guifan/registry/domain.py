"""Registry rules: credit codes, names, legal forms. Pure Python, tested without a database."""

import re
from datetime import date

from guifan.regions.domain import normalize_name

# GB 32100-2015 法人和其他组织统一社会信用代码编码规则: 31 characters (no I, O, Z, S, V).
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_REGISTRATION_AUTHORITIES = "123456789ANY"


def credit_code_check_character(first17: str) -> str:
    """The 18th character: 31 − (Σ value × weight mod 31), with 31 written as 0."""
    total = sum(CREDIT_CODE_CHARSET.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def normalize_credit_code(raw: str) -> str:
    return normalize_name(raw).upper()


def credit_code_error(raw: str) -> str | None:
    """A Chinese message naming what is wrong with a unified social credit code, or None if valid."""
    code = normalize_credit_code(raw)
    if len(code) != 18:
        return f"统一社会信用代码应为18位，实为{len(code)}位"
    if bad := sorted({c for c in code if c not in CREDIT_CODE_CHARSET}):
        return f"统一社会信用代码含有不允许的字符：{'、'.join(bad)}（不使用 I、O、Z、S、V）"
    if code[0] not in _REGISTRATION_AUTHORITIES:
        return f"统一社会信用代码第1位（登记管理部门码）“{code[0]}”无效"
    if not code[2:8].isdigit():
        return "统一社会信用代码第3–8位应为行政区划代码（6位数字）"
    expected = credit_code_check_character(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码校验位错误：第18位应为“{expected}”，实为“{code[17]}”"
    return None


def normalize_person_name(raw: str) -> str:
    """ "李  喆" → "李喆": documents pad two-character names with spaces to align columns."""
    return normalize_name(raw)


def guess_legal_form(name: str) -> str:
    """The legal form a registered name implies, for imports that do not state it."""
    if name.endswith("分公司"):
        return "branch"
    if re.search(r"(有限责任公司|有限公司|股份有限公司)$", name):
        return "company"
    if name.endswith(("中心", "服务社")) and "民办" in name:
        return "non_enterprise"
    return "individual"


def staff_counts_error(staff_count: int | None, blind_staff_count: int | None) -> str | None:
    if staff_count is not None and blind_staff_count is not None and blind_staff_count > staff_count:
        return f"盲人（视力残疾）从业人员数 {blind_staff_count} 不能多于从业人员总数 {staff_count}"
    return None


def opened_on_error(opened_on: date | None, today: date) -> str | None:
    """An opening date in the future is a typing mistake: an institution in the registry has opened."""
    if opened_on is not None and opened_on > today:
        return "开业日期不能晚于今天"
    return None
