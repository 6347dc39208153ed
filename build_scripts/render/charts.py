"""Bar charts as inline SVG, drawn at build time: no scripts, colours from the theme (light and dark mode)."""
from __future__ import annotations

from .html import esc

ROW = 18  #: bar height plus gap, px
LABEL_WIDTH = 220
BAR_WIDTH = 380


def bar_chart(chart_id: str, title: str, rows: list[tuple[str, str, list[tuple[str, int]]]], series: list[str]) -> str:
    """Horizontal stacked bars. ``rows``: (label, href or "", [(series name, value), …]).

    Each segment carries ``data-series`` and ``data-value`` so tests can read the numbers back.
    """
    top = max((sum(v for _, v in values) for _, _, values in rows), default=0) or 1
    height = ROW * len(rows) + 40 + 16 * ((len(series) - 1) // 3)
    out = [f'<figure class="chart" id="{chart_id}">',
           f'<svg viewBox="0 0 {LABEL_WIDTH + BAR_WIDTH + 60} {height}" role="group" aria-labelledby="{chart_id}-title" '
           f'xmlns="http://www.w3.org/2000/svg"><title id="{chart_id}-title">{esc(title)}</title>']
    for i, (label, href, values) in enumerate(rows):
        y = i * ROW
        text = f'<text x="{LABEL_WIDTH - 6}" y="{y + 12}" text-anchor="end" class="chart-label">{esc(label)}</text>'
        out.append(f'<a href="{esc(href)}">{text}</a>' if href else text)
        x = LABEL_WIDTH
        total = 0
        for name, value in values:
            width = round(BAR_WIDTH * value / top, 1)
            if value:
                out.append(f'<rect x="{x}" y="{y + 2}" width="{width}" height="{ROW - 5}" class="s{series.index(name)}" '
                           f'data-row="{esc(label)}" data-series="{esc(name)}" data-value="{value}">'
                           f'<title>{esc(label)} · {esc(name)}: {value}</title></rect>')
            x += width
            total += value
        out.append(f'<text x="{x + 4}" y="{y + 12}" class="chart-value">{total}</text>')
    for k, name in enumerate(series):
        lx, legend_y = LABEL_WIDTH + (k % 3) * 140, ROW * len(rows) + 16 + (k // 3) * 16
        out.append(f'<rect x="{lx}" y="{legend_y}" width="10" height="10" class="s{k}"/>'
                   f'<text x="{lx + 14}" y="{legend_y + 9}" class="chart-legend">{esc(name)}</text>')
    out.append("</svg>")
    out.append(f"<figcaption>{esc(title)}</figcaption></figure>")
    return "".join(out)
