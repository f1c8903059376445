"""Charts drawn by the app as inline SVG (no external service, no JavaScript): they print sharp
in the PDF and show on the web page alike."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

GREEN = "#2e7d32"
RED = "#c62828"
BLUE = "#1565c0"
ORANGE = "#ef6c00"
GREY = "#9e9e9e"


def _flag(cx: float, cy: float, *, met: bool) -> str:
    """A flag of the rule: a green disc with ✓ or a red one with ×. The mark tells them apart
    on a black-and-white printout, where both colours print grey."""
    colour, mark = (GREEN, "✓") if met else (RED, "×")
    return (
        f'<circle cx="{cx:.1f}" cy="{cy}" r="5.5" fill="{colour}"/>'
        f'<text x="{cx:.1f}" y="{cy + 3.2:.1f}" text-anchor="middle" class="mark">{mark}</text>'
    )


def trend_svg(points: list[dict], *, width: int = 680, height: int = 230) -> SafeString:
    """Bars of requests received and replied per month, with the two flags under each month.

    ``points``: dicts with month (date), received, replied, reception, feedback (from
    ``reports.figures.trend``).
    """
    left, right, top, bottom = 34, 10, 24, 62
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([p["received"] for p in points] + [p["replied"] for p in points] + [1])
    # A round scale: the top gridline is the next multiple of a step that gives ≤ 5 lines.
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10**9) if peak / s <= 5)
    top_value = -(-peak // step) * step
    slot = plot_w / max(len(points), 1)
    bar = slot * 0.32
    title = escape(_("Last 12 months"))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" class="chart" role="img" aria-label="{title}">',
        '<style>text{font-family:"Noto Sans CJK SC",sans-serif;font-size:10px;fill:#333}'
        "text.mark{font-size:9px;fill:#fff}</style>",
    ]
    for value in range(0, top_value + 1, step):
        y = top + plot_h - plot_h * value / top_value
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#e0e0e0"/>'
        )
        parts.append(f'<text x="{left - 4}" y="{y + 3:.1f}" text-anchor="end">{value}</text>')
    for i, p in enumerate(points):
        x0 = left + slot * i + slot * 0.16
        for j, (key, colour) in enumerate((("received", BLUE), ("replied", ORANGE))):
            h = plot_h * p[key] / top_value
            x = x0 + j * bar
            y = top + plot_h - h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour}"/>'
            )
            if p[key]:
                parts.append(
                    f'<text x="{x + bar / 2:.1f}" y="{y - 2:.1f}" text-anchor="middle" style="font-size:8px">{p[key]}</text>'
                )
        cx = left + slot * (i + 0.5)
        # Month numbers, with the year where it starts (and on the first bar): "2025.11 12 2026.1".
        label = (
            str(p["month"].month)
            if p["month"].month != 1 and i
            else f"{p['month']:%Y}.{p['month'].month}"
        )
        parts.append(
            f'<text x="{cx:.1f}" y="{top + plot_h + 13}" text-anchor="middle">{escape(label)}</text>'
        )
        for k, flag in enumerate(("reception", "feedback")):
            parts.append(_flag(cx - 7 + 14 * k, top + plot_h + 24, met=p[flag]))
    legend_y = height - 14
    legend = [
        (BLUE, None, _("Requests received")),
        (ORANGE, None, _("Requests replied")),
        (GREEN, True, _("Met (left: reception, right: feedback)")),
        (RED, False, _("Not met")),
    ]
    x = left
    for colour, met, text in legend:
        if met is None:
            parts.append(
                f'<rect x="{x}" y="{legend_y - 8}" width="10" height="10" fill="{colour}"/>'
            )
        else:
            parts.append(_flag(x + 5, legend_y - 3, met=met))
        parts.append(f'<text x="{x + 14}" y="{legend_y + 1}">{escape(text)}</text>')
        # Chinese characters are about twice as wide as Latin ones at this size.
        x += 14 + sum(11 if ord(c) > 0x2E80 else 6 for c in text) + 18
    parts.append("</svg>")
    return mark_safe("".join(parts))
