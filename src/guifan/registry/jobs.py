"""The institution import as a background job: the same all-or-nothing service as the command."""

from dataclasses import asdict
from typing import Any

from openpyxl import load_workbook

from . import exports, services


def run_import(job, progress) -> dict[str, Any]:
    total = _row_count(job.input_path)
    progress(0, total, "检查并导入")
    try:
        with open(job.input_path, "rb") as source:
            result = services.institutions_import(by=job.by, source=source, progress=progress)
    except services.ImportRejected as rejected:
        errors = [asdict(e) for e in rejected.errors]
        return {"outcome": "rejected", "total": rejected.total, "errors": errors}
    progress(total or 0, total)
    return {"outcome": "imported", "created": result.created, "layout": result.layout}


def _row_count(path: str) -> int | None:
    """The sheet's row count from its <dimension> (no rows read); None when the file does not say."""
    try:
        workbook = load_workbook(path, read_only=True)
    except Exception:  # the import itself says what is wrong with the file
        return None
    try:
        return workbook.worksheets[0].max_row
    finally:
        workbook.close()


def run_export(job, progress) -> dict[str, Any]:
    from guifan.jobs.services import output_path

    target = output_path(job)
    written = exports.write_export(job.by, job.params, str(target), progress=progress)
    progress(written, written)
    return {"outcome": "file", "rows": written}
