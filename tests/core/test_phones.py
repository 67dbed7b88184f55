import pytest

from guifan.core.phones import group_phone, mask_phone, normalize_phone, phone_error


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("15877945103", "15877945103"),
        ("158 7794 5103", "15877945103"),
        ("158-7794-5103", "15877945103"),
        ("+86 158 7794 5103", "15877945103"),
        ("0871-63123456", "0871-63123456"),
        ("(0871) 6312 3456", "0871-63123456"),
        ("010-65123456", "010-65123456"),
        ("021 6321 1234", "021-63211234"),
        ("0691-2123456", "0691-2123456"),
    ],
)
def test_valid_numbers_are_stored_in_one_form(raw, stored):
    assert normalize_phone(raw) == stored
    assert phone_error(raw) is None


@pytest.mark.parametrize(
    "raw",
    [
        "1587794510",  # ten digits
        "158779451031",  # twelve digits
        "12877945103",  # no mobile prefix 12
        "63123456",  # landline without area code
        "0871-03123456",  # local numbers do not start with 0
        "电话号码",
        "15877945103.5",
    ],
)
def test_invalid_numbers_are_refused_with_a_chinese_reason(raw):
    assert normalize_phone(raw) is None
    assert "电话格式不正确" in phone_error(raw)


def test_an_empty_number_asks_to_be_filled_in():
    assert phone_error("  ") == "请填写电话"


def test_mobile_numbers_are_masked_like_the_public_notices():
    assert mask_phone("15877945103") == "158****5103"


def test_landlines_keep_area_code_and_last_four_digits():
    assert mask_phone("0871-63123456") == "0871-****3456"


def test_numbers_are_grouped_so_screen_readers_read_digits():
    assert group_phone("13800138000") == "138 0013 8000"
    assert group_phone("0871-63123456") == "0871 6312 3456"
