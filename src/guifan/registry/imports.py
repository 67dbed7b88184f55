"""Reading institution rows from a spreadsheet: header matching and row validation. Pure Python.

Two layouts are accepted:
- the standard layout: one row per institution with the columns of STANDARD_COLUMNS;
- the seed layout, as printed in the 2022 self-evaluation report: 序号 / 机构名称 / 所属县区 /
  负责人姓名 / 电话 / 县区机构数（家） / 县区资金合计（万元）, where the last two are merged cells
  spanning a county's rows, followed by a 合计 row and a 备注 row.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from guifan.core.dates import parse_date_text
from guifan.core.phones import normalize_phone, phone_error
from guifan.regions.domain import RegionIndex, normalize_name

from .domain import (
    credit_code_error,
    guess_legal_form,
    normalize_credit_code,
    opened_on_error,
    staff_counts_error,
)

LEGAL_FORMS = {
    "个体工商户": "individual",
    "有限责任公司": "company",
    "有限公司": "company",
    "分公司": "branch",
    "个人独资企业": "sole",
    "合伙企业": "partnership",
    "民办非企业单位": "non_enterprise",
}
STATUSES = {"营业中": "open", "停业": "suspended", "注销": "closed"}

# (field, header) in the order they are written on export.
STANDARD_COLUMNS: list[tuple[str, str]] = [
    ("name", "机构名称"),
    ("county", "所属县区"),
    ("legal_form", "组织形式"),
    ("credit_code", "统一社会信用代码"),
    ("address", "经营地址"),
    ("responsible_person", "负责人姓名"),
    ("phone", "电话"),
    ("staff_count", "从业人员数"),
    ("blind_staff_count", "盲人从业人员数"),
    ("opened_on", "开业日期"),
    ("status", "经营状态"),
]
STANDARD_REQUIRED = ("name", "county", "responsible_person", "phone")
SEED_COLUMNS: list[tuple[str, str]] = [
    ("seq", "序号"),
    ("name", "机构名称"),
    ("county", "所属县区"),
    ("responsible_person", "负责人姓名"),
    ("phone", "电话"),
    ("county_count", "县区机构数"),
    ("county_amount", "县区资金合计"),
]
_HEADERS = {normalize_name(h): f for f, h in STANDARD_COLUMNS + SEED_COLUMNS}
_UNIT_SUFFIX = re.compile(r"[（(][^）)]*[）)]$")
HEADER_SEARCH_ROWS = 10
MAX_LISTED_ERRORS = 500


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row else "表头"
        return f"{where}“{self.column}”列：{self.message}" if self.column else f"{where}：{self.message}"


def header_text(value: Any) -> str:
    """ "县区机构数（家）" and "所属\\n县区" both match their column: spaces and a unit suffix are ignored."""
    return _UNIT_SUFFIX.sub("", normalize_name(cell_text(value)))


def match_header(cells: tuple[Any, ...]) -> tuple[str, dict[str, int]] | None:
    """(layout, {field: column index}) when the row is a header row, else None."""
    columns: dict[str, int] = {}
    for index, value in enumerate(cells):
        if (name := _HEADERS.get(header_text(value))) and name not in columns:
            columns[name] = index
    if "name" not in columns:
        return None
    layout = "seed" if "county_count" in columns or "seq" in columns else "standard"
    return layout, columns


def missing_headers(layout: str, columns: dict[str, int]) -> list[str]:
    needed = STANDARD_REQUIRED if layout == "standard" else ("name", "county", "responsible_person", "phone")
    headers = dict(STANDARD_COLUMNS + SEED_COLUMNS)
    return [headers[f] for f in needed if f not in columns]


def cell_text(value: Any) -> str:
    """Text of a cell as a person reads it: 15877945103.0 (a number cell) reads 15877945103."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def parse_date(value: Any) -> date | None:
    """A date cell, or text such as 2021-03-15, 2021/3/15, 2021年3月15日; raises ValueError otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    if not text:
        return None
    return parse_date_text(text)


def parse_count(value: Any) -> int | None:
    text = cell_text(value)
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(text)
    return int(text)


# The order of the values RowChecker.check takes (the standard layout's fields).
CHECKED_FIELDS = tuple(name for name, _ in STANDARD_COLUMNS)


@dataclass
class RowChecker:
    """Validates rows one at a time, remembering what it has seen to catch duplicates within the file.

    existing: (county_id, name) pairs already in the registry; existing_codes: credit codes in use.
    only_county_id: when set, rows of any other county are refused (a county officer's import).
    Columns that repeat few values (county, form, status, counts, dates) are read once per value.
    """

    regions: RegionIndex
    existing: set[tuple[int, str]]
    existing_codes: set[str]
    only_county_id: int | None = None
    only_county_name: str = ""
    today: date | None = None  # opening dates after it are refused; None skips the check
    seen: dict[tuple[int, str], int] = field(default_factory=dict)
    seen_codes: dict[str, int] = field(default_factory=dict)
    _memos: tuple[dict[Any, Any], ...] = ()

    def check(self, row: int, values: tuple[Any, ...]) -> tuple[tuple | None, list[RowError]]:
        """The row's values in CHECKED_FIELDS order (None for a column the sheet lacks) → the row
        to insert (bulk.COLUMNS: name, legal_form, credit_code, county_id, zone_id, address,
        responsible_person, phone, staff_count, blind_staff_count, opened_on as ISO text, status)
        or None, and the row's errors."""
        (
            raw_name,
            raw_county,
            raw_form,
            raw_code,
            raw_address,
            raw_person,
            raw_phone,
            raw_staff,
            raw_blind,
            raw_opened,
            raw_status,
        ) = values
        errors: list[RowError] = []
        counties, forms, statuses, staffs, blinds, openings = self._memos or self._new_memos()
        name = _squeezed(raw_name.strip() if raw_name.__class__ is str else cell_text(raw_name))
        if not name:
            errors.append(RowError(row, "机构名称", "机构名称不能为空"))
        county_text, county_id, zone_id, message = _recall(counties, raw_county, self._county)
        if message:
            errors.append(RowError(row, "所属县区", message))
        person = _squeezed(raw_person.strip() if raw_person.__class__ is str else cell_text(raw_person))
        if not person:
            errors.append(RowError(row, "负责人姓名", "负责人姓名不能为空"))
        phone_text = raw_phone.strip() if raw_phone.__class__ is str else cell_text(raw_phone)
        if (
            len(phone_text) == 11
            and phone_text.isdigit()
            and phone_text.isascii()
            and phone_text[0] == "1"
            and phone_text[1] in "3456789"
        ):
            phone = phone_text  # a mobile number as written: what normalize_phone returns for it
        elif (phone := normalize_phone(phone_text)) is None:
            errors.append(RowError(row, "电话", phone_error(phone_text)))
        legal_form, message = _recall(forms, raw_form, _legal_form)
        if message:
            errors.append(RowError(row, "组织形式", message))
        elif legal_form is None:
            legal_form = guess_legal_form(name)
        status, message = _recall(statuses, raw_status, _status)
        if message:
            errors.append(RowError(row, "经营状态", message))
        code = "" if raw_code is None or raw_code == "" else normalize_credit_code(cell_text(raw_code))
        if code:
            if message := credit_code_error(code):
                errors.append(RowError(row, "统一社会信用代码", message))
            elif code in self.existing_codes:
                errors.append(
                    RowError(row, "统一社会信用代码", f"统一社会信用代码 {code} 已被名录中的其他机构使用")
                )
            elif code in self.seen_codes:
                message = f"统一社会信用代码 {code} 与第{self.seen_codes[code]}行重复"
                errors.append(RowError(row, "统一社会信用代码", message))
            else:
                self.seen_codes[code] = row
        staff, message = _recall(staffs, raw_staff, _staff_count)
        if message:
            errors.append(RowError(row, "从业人员数", message))
        blind, message = _recall(blinds, raw_blind, _blind_staff_count)
        if message:
            errors.append(RowError(row, "盲人从业人员数", message))
        if staff is not None and blind is not None and blind > staff:
            errors.append(RowError(row, "盲人从业人员数", staff_counts_error(staff, blind)))
        opened_on, message = _recall(openings, raw_opened, self._opened_on)
        if message:
            errors.append(RowError(row, "开业日期", message))
        if county_id is not None and name:
            key = (county_id, name)
            if key in self.existing:
                errors.append(RowError(row, "机构名称", f"{county_text}已有同名机构“{name}”"))
            elif key in self.seen:
                errors.append(
                    RowError(row, "机构名称", f"与第{self.seen[key]}行重复：{county_text}的“{name}”")
                )
            else:
                self.seen[key] = row
        if errors:
            return None, errors
        address = _squeezed(raw_address.strip() if raw_address.__class__ is str else cell_text(raw_address))
        return (
            (
                name,
                legal_form,
                code,
                county_id,
                zone_id,
                address,
                person,
                phone,
                staff,
                blind,
                opened_on,
                status,
            ),
            errors,
        )

    def _new_memos(self) -> tuple[dict[Any, Any], ...]:
        """One memo per column read once per value: county, form, status, counts, opening date."""
        self._memos = ({}, {}, {}, {}, {}, {})
        return self._memos

    def _county(self, value: Any) -> tuple[str, int | None, int | None, str | None]:
        county_text = cell_text(value)
        region = self.regions.resolve(county_text)
        if region is None:
            return county_text, None, None, self.regions.error(county_text) or "未知县区"
        zone_id = region.id if region.kind == "zone" else None
        if self.only_county_id and region.county_id != self.only_county_id:
            message = f"只能导入本县区（{self.only_county_name}）的机构，此行为“{county_text}”"
            return county_text, region.county_id, zone_id, message
        return county_text, region.county_id, zone_id, None

    def _opened_on(self, value: Any) -> tuple[str | None, str | None]:
        """The opening date as ISO text (as the database stores it), or an error."""
        opened_on, message = _date_or_error(value)
        if message or opened_on is None:
            return None, message
        if self.today is not None and (message := opened_on_error(opened_on, self.today)):
            return None, f"{message}（{opened_on.isoformat()}）"
        return opened_on.isoformat(), None


MEMO_SIZE = 4096


def _recall(memo: dict[Any, Any], value: Any, read):
    """read(value), computed once per distinct value of the column (a bounded number of them).
    Values of other types are told apart (True is not 1)."""
    key = value if value.__class__ is str else (value.__class__, value)
    if (found := memo.get(key)) is None:
        found = read(value)
        if len(memo) < MEMO_SIZE:
            memo[key] = found
    return found


def _squeezed(text: str) -> str:
    """normalize_name(text) for stripped text: a printable text without a space has no white space
    to remove (every other white space character is unprintable), and is returned as is."""
    return text if text.isprintable() and " " not in text else normalize_name(text)


def _legal_form(value: Any) -> tuple[str | None, str | None]:
    """(None, None) for an empty cell: the form is guessed from the name."""
    if value is None or value == "" or not cell_text(value):
        return None, None
    return _choice(value, LEGAL_FORMS, "组织形式", "individual")


def _status(value: Any) -> tuple[str, str | None]:
    return _choice(value, STATUSES, "经营状态", "open")


def _staff_count(value: Any) -> tuple[int | None, str | None]:
    return _count_or_error(value, "从业人员数")


def _blind_staff_count(value: Any) -> tuple[int | None, str | None]:
    return _count_or_error(value, "盲人从业人员数")


def _choice(value: Any, choices: dict[str, str], column: str, default: str) -> tuple[str, str | None]:
    text = normalize_name(cell_text(value))
    if not text:
        return default, None
    if text not in choices:
        return default, f"“{text}”不是有效的{column}，可填：{'、'.join(choices)}"
    return choices[text], None


def _count_or_error(value: Any, column: str) -> tuple[int | None, str | None]:
    try:
        return parse_count(value), None
    except ValueError:
        return None, f"{column}应为不小于0的整数，实为“{cell_text(value)}”"


def _date_or_error(value: Any) -> tuple[date | None, str | None]:
    try:
        return parse_date(value), None
    except ValueError:
        return None, f"开业日期“{cell_text(value)}”无法识别，请写成 2021-03-15"


@dataclass
class SeedGroupChecker:
    """Checks the merged 县区机构数 cells of the seed layout against the rows they span.

    A merged cell keeps its value in its first row only, so a value starts a county's group and the
    empty cells below it belong to that group until the next value. The 合计 row's count must equal
    the number of institution rows.
    """

    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    _start: int = 0
    _declared: int | None = None
    _county: str = ""
    _members: int = 0

    def add(self, row: int, values: dict[str, Any]) -> None:
        self.rows += 1
        county = normalize_name(cell_text(values.get("county")))
        declared = cell_text(values.get("county_count"))
        if declared:
            self._close()
            try:
                self._declared = parse_count(declared)
            except ValueError:
                self.errors.append(RowError(row, "县区机构数", f"县区机构数应为整数，实为“{declared}”"))
                self._declared = None
            self._start, self._county, self._members = row, county, 1
            return
        if not self._start:
            self.errors.append(
                RowError(row, "县区机构数", "县区的第一行应填写县区机构数（合并单元格的首行）")
            )
            return
        if county and self._county and county != self._county:
            self.errors.append(
                RowError(
                    row,
                    "所属县区",
                    f"此行县区“{county}”与合并单元格所属的“{self._county}”（第{self._start}行起）不一致",
                )
            )
        self._members += 1

    def total(self, row: int, values: dict[str, Any]) -> None:
        declared = cell_text(values.get("county_count"))
        if declared and declared.isdigit() and int(declared) != self.rows:
            self.errors.append(RowError(row, "县区机构数", f"合计写{declared}家，表中实列{self.rows}家机构"))

    def finish(self) -> list[RowError]:
        self._close()
        return self.errors

    def _close(self) -> None:
        if self._start and self._declared is not None and self._declared != self._members:
            self.errors.append(
                RowError(
                    self._start,
                    "县区机构数",
                    f"{self._county}的县区机构数写{self._declared}家，合并单元格实跨{self._members}行",
                )
            )
        self._start = 0


def row_marker(cells: tuple[Any, ...]) -> str:
    """ "total" for a 合计 row, "end" for a 备注 row, "" otherwise (seed layout trailer rows)."""
    first = next((normalize_name(cell_text(c)) for c in cells if cell_text(c)), "")
    if first in {"合计", "总计"}:
        return "total"
    if first.startswith("备注"):
        return "end"
    return ""
