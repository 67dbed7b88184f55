"""A report as plain blocks — paragraphs, tables, a chart — shared by the writers and the reader.

Guifan's writers (Word, HTML, PDF) render these blocks; the reader turns any .docx into the same
blocks, so the consistency checker reads a generated report and a hand-written one the same way.
Pure Python.
"""

from dataclasses import dataclass, field


@dataclass
class Para:
    text: str
    role: str = "body"  # title, subtitle, h1 一、, h2 （一）, h3 1、, body, caption, note, signature


@dataclass
class Table:
    """Cells as text; a cell covered by a merge is None (its text sits in the merge's top-left cell).

    `merges` lists each merged area as (first row, first column, last row, last column): None alone
    cannot say whether a cell continues the one above or the one to its left."""

    rows: list[list[str | None]]
    caption: str = ""
    header_rows: int = 1
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    nowrap: tuple[int, ...] = ()  # columns whose every value must stay on one line (县区, 姓名, 电话)


@dataclass
class Chart:
    title: str
    labels: list[str]
    series: list[tuple[str, list]]  # (name, values)
    png: bytes = b""
    alt: str = ""


Block = Para | Table | Chart


@dataclass
class Document:
    blocks: list[Block] = field(default_factory=list)

    def add(self, block: Block) -> Block:
        self.blocks.append(block)
        return block

    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks if isinstance(b, Para))
