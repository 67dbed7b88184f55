"""The report's bar chart, drawn with matplotlib in the shipped Chinese font (never a system font)."""

import io
from decimal import Decimal
from functools import cache
from pathlib import Path

from .document import Chart

FONT = Path(__file__).parent / "fonts" / "NotoSansCJKsc-Guifan.otf"
COLOURS = ("#8c8c8c", "#1d4f91")  # grey for the weight, dark blue for the score: both ≥ 3:1 on white


@cache
def font_family() -> str:
    """Registers the shipped font with matplotlib, imported only here: it costs a second of CPU, which
    every page process would otherwise pay at start."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(FONT))
    return font_manager.FontProperties(fname=str(FONT)).get_name()


def bar_png(chart: Chart, dpi: int = 200) -> bytes:
    """Grouped bars with their values written on them, so the figure reads without colour."""
    family = font_family()
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"font.family": family, "axes.unicode_minus": False, "svg.fonttype": "none"}):
        figure = Figure(figsize=(6.4, 3.6))
        axes = figure.subplots()
        count = len(chart.series)
        width = 0.8 / max(count, 1)
        for i, (name, values) in enumerate(chart.series):
            xs = [n + (i - (count - 1) / 2) * width for n in range(len(chart.labels))]
            bars = axes.bar(
                xs,
                [float(Decimal(v)) for v in values],
                width,
                label=name,
                color=COLOURS[i % 2],
                hatch="//" if i == 0 else None,
                edgecolor="black",
                linewidth=0.6,
            )
            axes.bar_label(bars, labels=[f"{Decimal(v).normalize():f}" for v in values], fontsize=9)
        axes.set_xticks(range(len(chart.labels)), chart.labels)
        axes.set_ylabel("分")
        axes.set_title(chart.title, fontsize=12)
        axes.legend(frameon=False)
        axes.spines[["top", "right"]].set_visible(False)
        axes.margins(y=0.15)
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="png", dpi=dpi)
        return out.getvalue()
