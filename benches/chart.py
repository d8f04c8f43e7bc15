#!/usr/bin/env python3
"""Draws one criterion group as an SVG chart: throughput (from each
benchmark's median and its declared throughput) against size, one line per
implementation, with NumPy's series beside them when its script wrote one.
A series named `fill`, `copy-same-bytes` or `read-limit` (or given by
--limit) is drawn dashed: the machine's limit at that size.

    python3 benches/chart.py GROUP [--out FILE] [--numpy FILE] [--limit NAME]
                                   [--x bytes|param] [--log-y] [--mark X:LABEL ...]

GROUP is the criterion group id (e.g. `stream/outer`); results are read from
`target/criterion/**/new/{benchmark,estimates}.json`. The x axis is the
bytes one call moves (`--x bytes`, the default) or the benchmark's parameter
(`--x param`, e.g. a window length); the y axis is GB/s for byte throughput
and G elements/s for element throughput. The default output is
`docs/charts/<group with / as ->.svg`. --numpy reads a JSON object
{"series": name, "points": [[x, units, seconds], ...]} (or the older
[[bytes, seconds], ...]), as the `benches/numpy_*.py` scripts write it.
--mark draws a vertical line at an x; --log-y a log-scale y axis. Only the standard library is used.
"""
import argparse
import json
import math
import os
import pathlib

COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]
LIMITS = ("fill", "copy-same-bytes", "read-limit")


def throughput_units(tput):
    """(units one call moves, "GB/s" or "G elements/s") of a criterion throughput."""
    if "ElementsAndBytes" in tput:
        return tput["ElementsAndBytes"]["bytes"], "GB/s"
    for key, unit in (("Bytes", "GB/s"), ("BytesDecimal", "GB/s"), ("Elements", "G elements/s")):
        if tput.get(key):
            return tput[key], unit
    return None, None


def criterion_series(root, group, x_mode):
    series, unit = {}, None
    for bench in pathlib.Path(root).rglob("new/benchmark.json"):
        meta = json.loads(bench.read_text())
        if meta.get("group_id") != group:
            continue
        est = json.loads((bench.parent / "estimates.json").read_text())
        units, unit = throughput_units(meta.get("throughput") or {})
        if not units:
            continue
        seconds = est["median"]["point_estimate"] * 1e-9
        x = float(meta["value_str"]) if x_mode == "param" else units
        series.setdefault(meta["function_id"], []).append((x, units / seconds / 1e9))
    return {k: sorted(v) for k, v in series.items()}, unit or "GB/s"


def size_label(b):
    for unit, div in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if b >= div:
            v = b / div
            return f"{v:.0f} {unit}" if abs(v - round(v)) < 0.01 else f"{v:.2f} {unit}"
    return f"{b} B"


def draw(series, title, limits, marks, x_mode, unit, log_y=False):
    w, h, left, right, top, bottom = 820, 460, 70, 190, 40, 60
    xs = [x for pts in series.values() for x, _ in pts]
    ys = [y for pts in series.values() for _, y in pts]
    x0, x1 = math.log2(min(xs)), math.log2(max(xs))
    if x1 - x0 < 1e-9:
        x1 = x0 + 1
    ymax = max(ys) * 1.08
    step = 10 ** math.floor(math.log10(ymax / 5))
    for m in (1, 2, 5, 10):
        if ymax / (step * m) <= 8:
            step *= m
            break
    px = lambda x: left + (math.log2(x) - x0) / (x1 - x0) * (w - left - right)
    py = lambda y: h - bottom - y / ymax * (h - top - bottom)
    yticks = []
    y = 0.0
    while y <= ymax:
        yticks.append(y)
        y += step
    if log_y:
        lo = 10 ** math.floor(math.log10(min(v for v in ys if v > 0)))
        hi = 10 ** math.ceil(math.log10(max(ys)))
        span = math.log10(hi) - math.log10(lo)
        py = lambda y: h - bottom - (math.log10(max(y, lo)) - math.log10(lo)) / span * (h - top - bottom)
        yticks = [lo * 10**k for k in range(round(span) + 1)]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'font-family="sans-serif" font-size="12">',
        f'<rect width="{w}" height="{h}" fill="white"/>',
        f'<text x="{w / 2}" y="22" text-anchor="middle" font-size="15">{title}</text>',
    ]
    for y in yticks:
        out.append(f'<line x1="{left}" x2="{w - right}" y1="{py(y):.1f}" y2="{py(y):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{py(y) + 4:.1f}" text-anchor="end">{y:g}</text>')
    ticks = sorted({1 << round(math.log2(x)) for x in xs}) if x_mode == "bytes" else sorted(set(xs))
    for t in ticks:
        out.append(f'<line x1="{px(t):.1f}" x2="{px(t):.1f}" y1="{top}" y2="{h - bottom}" stroke="#eee"/>')
        tick = size_label(t) if x_mode == "bytes" else f"{t:g}"
        out.append(f'<text x="{px(t):.1f}" y="{h - bottom + 16}" text-anchor="middle">{tick}</text>')
    for b, label in marks:
        if not min(xs) <= b <= max(xs):
            continue
        out.append(f'<line x1="{px(b):.1f}" x2="{px(b):.1f}" y1="{top}" y2="{h - bottom}" stroke="#555" stroke-dasharray="2,3"/>')
        out.append(f'<text x="{px(b) + 4:.1f}" y="{top + 12}" fill="#555">{label}</text>')
    out.append(f'<text x="{(left + w - right) / 2}" y="{h - 18}" text-anchor="middle">{"bytes per call" if x_mode == "bytes" else "parameter"} (log scale)</text>')
    out.append(f'<text x="18" y="{h / 2}" text-anchor="middle" transform="rotate(-90 18 {h / 2})">{unit}{" (log scale)" if log_y else ""}</text>')
    for i, (name, pts) in enumerate(sorted(series.items())):
        color = "#777" if name in limits else COLORS[i % len(COLORS)]
        dash = ' stroke-dasharray="6,4"' if name in limits else ""
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in pts)
        out.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"{dash}/>')
        for x, y in pts:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="2.5" fill="{color}"/>')
        ly = top + 20 + 20 * i
        out.append(f'<line x1="{w - right + 14}" x2="{w - right + 40}" y1="{ly}" y2="{ly}" stroke="{color}" stroke-width="2"{dash}/>')
        label = f"{name} (limit)" if name in limits else name
        out.append(f'<text x="{w - right + 46}" y="{ly + 4}">{label}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("group")
    ap.add_argument("--out")
    ap.add_argument("--numpy", action="append", default=[])
    ap.add_argument("--limit", action="append", default=[])
    ap.add_argument("--x", choices=("bytes", "param"), default="bytes")
    ap.add_argument("--mark", action="append", default=[])
    ap.add_argument("--log-y", action="store_true")
    ap.add_argument("--criterion", default="target/criterion")
    a = ap.parse_args()
    series, unit = criterion_series(a.criterion, a.group, a.x)
    for f in a.numpy:
        d = json.loads(pathlib.Path(f).read_text())
        pts = []
        for p in d["points"]:
            x, units, seconds = (p[0], p[0], p[1]) if len(p) == 2 else p
            pts.append((x if a.x == "param" else units, units / seconds / 1e9))
        series[d["series"]] = sorted(pts)
    if not series:
        raise SystemExit(f"no results for group {a.group!r} under {a.criterion}")
    marks = []
    for m in a.mark:
        b, _, label = m.partition(":")
        marks.append((float(b), label))
    out = a.out or f"docs/charts/{a.group.replace('/', '-')}.svg"
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    limits = set(a.limit or LIMITS)
    pathlib.Path(out).write_text(draw(series, a.group, limits, marks, a.x, unit, a.log_y))
    label = size_label if a.x == "bytes" else (lambda x: f"{x:g}")
    for name, pts in sorted(series.items()):
        print(f"{name:<22} " + "  ".join(f"{label(x)}={y:.3g}" for x, y in pts))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
