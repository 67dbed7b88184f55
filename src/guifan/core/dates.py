"""Dates as people write them: 2021-03-15, 2021/3/15, 2021.3.15 or 2021年3月15日, in forms and imports."""

import re
from datetime import date

_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def parse_date_text(text: str) -> date:
    """The date a text names; raises ValueError for anything else, including 2021-02-30."""
    if not (m := _DATE.fullmatch(text.strip())):
        raise ValueError(text)
    return date(int(m[1]), int(m[2]), int(m[3]))


def shift_years(day: date | None, years: int = 1) -> date | None:
    """The same day `years` later, for a year copied from the last (29 February becomes 28)."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
