"""What a PDF page shows, read with poppler: where each picture is drawn and how much of it is left
visible by its clipping path, and where each word sits — so a test can tell a clipped figure or a
table cell that breaks a short word over several lines from a page that merely looks busy."""

import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"
XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def clip(self, other: "Box") -> "Box":
        return Box(
            max(self.x0, other.x0), max(self.y0, other.y0), min(self.x1, other.x1), min(self.y1, other.y1)
        )


@dataclass(frozen=True)
class Picture:
    page: int
    drawn: Box  # where the whole picture is placed, in pt from the top left
    visible: Box  # what its clipping path and the page leave of it


def _path_box(d: str) -> Box:
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    xs, ys = numbers[0::2], numbers[1::2]
    return Box(min(xs), min(ys), max(xs), max(ys))


def pictures(pdf: Path, page: int, workdir: Path) -> list[Picture]:
    """Every raster picture drawn on a page, from poppler's SVG rendering of it (pdfimages lists
    sizes and resolutions, not the clipping that hides part of a picture)."""
    svg = workdir / f"page-{page}.svg"
    subprocess.run(["pdftocairo", "-svg", "-f", str(page), "-l", str(page), str(pdf), str(svg)], check=True)
    root = ET.parse(svg).getroot()
    width, height = (float(root.get(k).removesuffix("pt")) for k in ("width", "height"))
    sizes = {e.get("id"): (float(e.get("width")), float(e.get("height"))) for e in root.iter(f"{SVG}image")}
    clips = {e.get("id"): _path_box(e.find(f"{SVG}path").get("d")) for e in root.iter(f"{SVG}clipPath")}
    masks = {id(u) for m in root.iter(f"{SVG}mask") for u in m.iter(f"{SVG}use")}
    found = []

    def walk(element, clip: Box) -> None:
        if (ref := element.get("clip-path")) is not None:
            clip = clip.clip(clips[ref.removeprefix("url(#").removesuffix(")")])
        href = (element.get(XLINK) or "").removeprefix("#")
        if element.tag == f"{SVG}use" and href in sizes and id(element) not in masks:
            a, b, c, d, e, f = map(
                float, re.findall(r"-?[\d.]+", element.get("transform", "matrix(1,0,0,1,0,0)"))
            )
            assert b == c == 0, "a rotated or skewed picture"
            w, h = sizes[href]
            drawn = Box(e, f, e + a * w, f + d * h)
            found.append(Picture(page, drawn, drawn.clip(clip)))
        for child in element:
            walk(child, clip)

    walk(root, Box(0, 0, width, height))
    return found


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    box: Box


def words(pdf: Path) -> list[Word]:
    """Every word poppler finds, with its box: a table cell's line is a word of its own."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", out.stdout))
    found = []
    for n, page in enumerate(root.iter(f"{XHTML}page"), start=1):
        for w in page.iter(f"{XHTML}word"):
            box = Box(*(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
            found.append(Word(n, w.text or "", box))
    return found


def _directly_below(a: Word, b: Word) -> bool:
    """b is the next line of the same cell as a: overlapping columns, no gap beyond line spacing."""
    overlap = min(a.box.x1, b.box.x1) - max(a.box.x0, b.box.x0)
    gap = b.box.y0 - a.box.y1
    return b.page == a.page and overlap > 0 and -0.5 <= gap <= 0.25 * a.box.height


def broken_words(found: list[Word], texts: set[str]) -> list[tuple[str, int, list[str]]]:
    """Texts that should sit on one line but appear as a stack of two or more consecutive lines of one
    cell (县区 '五华区' as 五/华/区, 总分 '100' as 1/0/0): (text, page, the lines)."""
    by_page: dict[int, list[Word]] = {}
    for w in found:
        by_page.setdefault(w.page, []).append(w)
    broken = []
    for page, items in by_page.items():
        items.sort(key=lambda w: (w.box.y0, w.box.x0))
        for i, first in enumerate(items):
            stack = [first]
            for other in items[i + 1 :]:
                if _directly_below(stack[-1], other):
                    stack.append(other)
            for end in range(2, len(stack) + 1):
                joined = "".join(w.text for w in stack[:end])
                if joined in texts:
                    broken.append((joined, page, [w.text for w in stack[:end]]))
    return broken
