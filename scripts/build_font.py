"""Build the shipped Chinese font: Noto Sans CJK SC from Debian's fonts-noto-cjk, subset.

Run once by a maintainer (`apt-get install fonts-noto-cjk`, then `.venv/bin/python scripts/build_font.py`);
the result is committed, so neither tests nor users need a Chinese font on the machine.
The subset: GB 2312's 6,763 hanzi, level 3 of 通用规范汉字表 (fonts/level3.txt, 1,605 characters, mostly
outside GB 2312, e.g. 喆), ASCII, Latin-1 punctuation, general and CJK punctuation, circled numbers and
fullwidth forms.
"""

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SC = 2  # index of Noto Sans CJK SC in the collection
FONTS = Path(__file__).resolve().parent.parent / "src" / "guifan" / "reports" / "fonts"
TARGET = FONTS / "NotoSansCJKsc-Guifan.otf"


def gb2312() -> set[str]:
    chars = set()
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def ranges(*spans: tuple[int, int]) -> set[str]:
    return {chr(c) for start, end in spans for c in range(start, end + 1)}


def characters() -> str:
    level3 = set((FONTS / "level3.txt").read_text(encoding="utf-8").strip())
    other = ranges(
        (0x20, 0x7E),  # ASCII
        (0xA0, 0xFF),  # Latin-1 (°, ×, ÷, ·)
        (0x2010, 0x2027),  # dashes, quotes, ellipsis
        (0x2030, 0x203B),  # ‰, ※
        (0x2103, 0x2103),  # ℃
        (0x2116, 0x2116),  # №
        (0x2160, 0x216B),  # Roman numerals
        (0x2190, 0x2193),  # arrows
        (0x2212, 0x2212),  # minus
        (0x2264, 0x2265),  # ≤ ≥
        (0x2460, 0x2473),  # ① … ⑳
        (0x2474, 0x2487),  # ⑴ … ⒇
        (0x25A0, 0x25CF),  # ■ □ ▲ △ ○ ●
        (0x3000, 0x303F),  # CJK punctuation: 、。〔〕《》「」
        (0xFF01, 0xFF5E),  # fullwidth forms: （），：；％
    )
    return "".join(sorted(gb2312() | level3 | other))


def main() -> None:
    font = TTFont(SOURCE, fontNumber=SC)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters())
    subsetter.subset(font)
    font.save(TARGET)
    print(f"{TARGET}: {TARGET.stat().st_size:,} bytes, {len(font.getBestCmap()):,} characters")


if __name__ == "__main__":
    main()
