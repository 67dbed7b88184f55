"""Build real .xlsx files for the import tests."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment

from guifan.registry.imports import STANDARD_COLUMNS

STANDARD_HEADER = [h for _, h in STANDARD_COLUMNS]


def xlsx(rows: list[list], *, merges: list[str] = ()) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for cell_range in merges:
        sheet.merge_cells(cell_range)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "institutions.xlsx"
    return buffer


def standard_row(name="测试盲人按摩店", county="五华区", person="张三", phone="13900000001", **extra) -> list:
    values = {"机构名称": name, "所属县区": county, "负责人姓名": person, "电话": phone}
    values.update(extra)
    return [values.get(h, "") for h in STANDARD_HEADER]


# The seed report's table (2022年度…机构名单和补助经费表), with fictitious phone numbers in place of
# the operators' real ones. Cell F and G of each county's first row are merged down over its rows.
SEED_GROUPS = [
    ("五华区", 4, [("昆明市五华区康洁按摩店", "李  喆"), ("昆明市五华区康康保健按摩店", "徐美琼")]),
    (
        "盘龙区",
        6,
        [
            ("昆明市盘龙区青玉保健按摩店", "王青玉"),
            ("昆明市盘龙区小二盲人按摩保健服务店", "周兴月"),
            ("昆明市手到康推拿按摩店", "朱家顺"),
        ],
    ),
    ("西山区", 4, [("滇池度假区益身盲人按摩店", "赵  丽"), ("西山区甘棠盲人按摩店", "黄大意")]),
    (
        "官渡区",
        8,
        [
            ("昆明市官渡区星睿推拿按摩店", "马才秀"),
            ("云南松康盲人推拿按摩有限公司官渡分公司", "周兴松"),
            ("昆明市官渡区张学光按摩店", "张学光"),
            ("昆明市官渡区菊梅保健服务部", "蔡菊梅"),
        ],
    ),
    ("富民县", 2, [("富民利康按摩店", "刘加翠")]),
]


def seed_sheet(
    groups=SEED_GROUPS, *, declared_counts: dict[str, int] | None = None, total: int | None = None
):
    """The seed table: a title, a header with a line break in 所属县区, merged county cells, 合计 and 备注."""
    declared_counts = declared_counts or {}
    rows = [
        ["2022年度昆明市盲人保健按摩规范化建设及量化分级评定的机构名单和补助经费表"],
        ["序号", "机构名称", "所属\n县区", "负责人姓名", "电话", "县区机构数（家）", "县区资金合计（万元）"],
    ]
    merges = ["A1:G1"]
    number = 0
    for county, amount, members in groups:
        first = len(rows) + 1
        for index, (name, person) in enumerate(members):
            number += 1
            count = declared_counts.get(county, len(members)) if index == 0 else None
            rows.append(
                [number, name, county, person, f"1380000{number:04d}", count, amount if index == 0 else None]
            )
        if len(members) > 1:
            last = first + len(members) - 1
            merges += [f"F{first}:F{last}", f"G{first}:G{last}"]
    total_row = len(rows) + 1
    rows.append(["合           计", None, None, None, None, total if total is not None else number, 24])
    merges.append(f"A{total_row}:E{total_row}")
    rows.append(
        [
            "备注",
            "参加2022年度评定有12家机构，……其中官渡区4家盘龙区1家为2021年资金，东川区1家未完成资金结余。",
        ]
    )
    buffer = xlsx(rows, merges=merges)
    return buffer


def with_wrapped_header(buffer: io.BytesIO) -> io.BytesIO:
    """Give the header cells wrap alignment, as Word-to-Excel copies do (no effect on values)."""
    from openpyxl import load_workbook

    workbook = load_workbook(buffer)
    for cell in workbook.active[2]:
        cell.alignment = Alignment(wrap_text=True)
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    out.name = "seed.xlsx"
    return out
