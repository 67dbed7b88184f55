"""The institution list as .xlsx, the same for a direct download and for a background job (a list
longer than GUIFAN_EXPORT_JOB_ROWS): the person's scope, their filters, phones masked unless they
may see them."""

from collections.abc import Callable, Iterator
from typing import IO, Any

from django.utils import timezone

from guifan.core.phones import mask_phone

from . import excel
from .selectors import institution_search


def export_filename() -> str:
    return f"institutions-{timezone.localdate().isoformat()}.xlsx"


def write_export(
    user, filters: dict[str, Any], target: str | IO[bytes], progress: Callable | None = None
) -> int:
    """Write the user's filtered list into `target`; the number of institutions written."""
    institutions = institution_search(user, **filters)
    total = institutions.count()
    if progress:
        progress(0, total, "写入 Excel")
    stamp = timezone.localdate().isoformat()
    excel.write_institutions(
        _rows(institutions, user.sees_personal_data, progress),
        target,
        title=f"盲人保健按摩机构名录（导出于 {stamp}）",
    )
    return total


def _rows(institutions, sees: bool, progress: Callable | None) -> Iterator[dict[str, Any]]:
    for done, i in enumerate(institutions.iterator(chunk_size=2000), start=1):
        if progress and done % 2000 == 0:
            progress(done)
        yield {
            "name": i.name,
            "county": i.zone.name if i.zone else i.county.name,
            "legal_form": i.get_legal_form_display(),
            "credit_code": i.credit_code,
            "address": i.address,
            "responsible_person": i.responsible_person,
            "phone": i.phone if sees else mask_phone(i.phone),
            "staff_count": i.staff_count,
            "blind_staff_count": i.blind_staff_count,
            "opened_on": i.opened_on,
            "status": i.get_status_display(),
        }
