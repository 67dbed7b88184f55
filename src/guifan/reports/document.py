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
    """Cells as text; a cell covered by a merge is None (the text sits in the merge's top-left cell)."""

    rows: list[list[str | None]]
    caption: str = ""
    header_rows: int = 1
    kind: str = ""  # scores, indicators, satisfaction, institutions, funds (set by Guifan's builder)

    @property
    def merges(self) -> list[tuple[int, int, int, int]]:
        """(first row, first column, last row, last column) of every merged area, from the None cells."""
        areas = []
        covered: set[tuple[int, int]] = set()
        for r, row in enumerate(self.rows):
            for c, text in enumerate(row):
                if text is None or (r, c) in covered:
                    continue
                right = c
                while right + 1 < len(row) and row[right + 1] is None and (r, right + 1) not in covered:
                    right += 1
                bottom = r
                while bottom + 1 < len(self.rows) and all(
                    self.rows[bottom + 1][k] is None for k in range(c, right + 1)
                ):
                    bottom += 1
                if right > c or bottom > r:
                    areas.append((r, c, bottom, right))
                    covered |= {(i, k) for i in range(r, bottom + 1) for k in range(c, right + 1)}
        return areas


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
