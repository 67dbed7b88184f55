"""The scan that decides whether calamine may read a sheet whole: cases of its last cell."""

import pytest

from guifan.registry import sheetscan

from .sheets import STANDARD_HEADER, standard_row, xlsx
from .test_import_reading import with_sheet_xml


@pytest.mark.parametrize("last_cell", ['<c r="k2">', '<c r="XFD9999999">', '<c r="A0">', "<c>"])
def test_a_last_cell_without_a_proper_reference_sends_the_sheet_to_the_streaming_reader(last_cell):
    buffer = xlsx([STANDARD_HEADER, standard_row()])
    odd = with_sheet_xml(
        buffer,
        lambda xml: xml.replace(b"</row></sheetData>", f"{last_cell}<v>1</v></c></row></sheetData>".encode()),
    )
    assert not sheetscan.fits_in_memory(odd)


def test_a_far_cell_early_in_the_sheet_counts_although_the_last_cell_is_near():
    rows = [STANDARD_HEADER] + [standard_row(name=f"店{i}", phone=f"1390000{i:04d}") for i in range(5)]
    far = with_sheet_xml(
        xlsx(rows), lambda xml: xml.replace(b"</row>", b'<c r="XFD3000"><v>1</v></c></row>', 1)
    )
    assert not sheetscan.fits_in_memory(far)
