import pytest

from guifan.registry.domain import (
    credit_code_error,
    guess_legal_form,
    normalize_person_name,
    staff_counts_error,
)

# Published unified social credit codes of well-known companies (from their business licences).
REAL_CODES = [
    "9144030071526726XG",  # 深圳市腾讯计算机系统有限公司
    "91330100716105852F",  # 阿里巴巴（中国）有限公司
    "914403001922038216",  # 华为技术有限公司
    "91110000802100433B",  # 北京百度网讯科技有限公司
]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_credit_codes_pass(code):
    assert credit_code_error(code) is None


def test_lower_case_and_spaces_are_tolerated():
    assert credit_code_error(" 9144030071526726xg ") is None


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("9144030071526726XH", "第18位应为“G”，实为“H”"),
        ("914403001922038217", "第18位应为“6”，实为“7”"),
        ("91440300715267", "应为18位，实为14位"),
        ("9144030071526726XGX", "应为18位，实为19位"),
        ("91440300715267I6XG", "不允许的字符：I"),
        ("Z144030071526726XG", "不允许的字符：Z"),
        ("0144030071526726XG", "登记管理部门码"),
        ("91AB030071526726XG", "行政区划代码"),
    ],
)
def test_bad_credit_codes_say_what_is_wrong(code, message):
    assert message in credit_code_error(code)


def test_a_single_swapped_digit_is_caught():
    """The check character exists to catch transcription errors such as two swapped digits."""
    code = REAL_CODES[2]
    swapped = code[:9] + code[10] + code[9] + code[11:]
    assert swapped != code
    assert credit_code_error(swapped) is not None


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("云南松康盲人推拿按摩有限公司官渡分公司", "branch"),
        ("云南松康盲人推拿按摩有限公司", "company"),
        ("昆明市官渡区菊梅保健服务部", "individual"),
    ],
)
def test_legal_form_is_read_from_the_registered_name(name, form):
    assert guess_legal_form(name) == form


def test_padded_names_from_documents_are_closed_up():
    assert normalize_person_name("李  喆") == "李喆"
    assert normalize_person_name("赵\u3000丽") == "赵丽"


def test_more_blind_staff_than_staff_is_refused():
    assert "不能多于" in staff_counts_error(3, 4)
    assert staff_counts_error(4, 4) is None
    assert staff_counts_error(None, 2) is None
