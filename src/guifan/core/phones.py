"""Mainland China phone numbers: validate, normalise, group for reading aloud, mask.

Pure functions, no Django. A number is stored normalised: a mobile as 11 digits
("15877945103"), a landline as area code, hyphen, local number ("0871-63123456").
"""

import re

_SEPARATORS = re.compile(r"[\s\-—()（）]+")
_MOBILE = re.compile(r"1[3-9]\d{9}")
# Area codes: 010 and 02x are three digits; all others are four digits starting 03–09.
_LANDLINE = re.compile(r"(010|02\d|0[3-9]\d{2})([2-9]\d{6,7})")


def normalize_phone(raw: str) -> str | None:
    """Return the stored form of a phone number, or None if it is not a valid mainland number."""
    digits = _SEPARATORS.sub("", str(raw or "")).removeprefix("+86").removeprefix("0086")
    if _MOBILE.fullmatch(digits):
        return digits
    if match := _LANDLINE.fullmatch(digits):
        return f"{match[1]}-{match[2]}"
    return None


def phone_error(raw: str) -> str | None:
    """A Chinese message saying what is wrong with the number, or None when it is valid."""
    if not str(raw or "").strip():
        return "请填写电话"
    if normalize_phone(raw) is None:
        return "电话格式不正确：应为11位手机号（如 158 7794 5103）或带区号的固定电话（如 0871-6312 3456）"
    return None


def group_phone(phone: str) -> str:
    """Split a stored number into groups so screen readers read digits, not one huge number."""
    if "-" in phone:
        area, local = phone.split("-", 1)
        return f"{area} {local[:-4]} {local[-4:]}"
    if len(phone) == 11:
        return f"{phone[:3]} {phone[3:7]} {phone[7:]}"
    return phone


def mask_phone(phone: str) -> str:
    """Hide the middle of a number (158****5103, 0871-****3456): enough to recognise, not to call."""
    if not phone:
        return ""
    if "-" in phone:
        area, local = phone.split("-", 1)
        return f"{area}-****{local[-4:]}"
    return f"{phone[:3]}****{phone[-4:]}"
