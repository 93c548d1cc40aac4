"""Printing results: median µs per request, and each peer's ratio to Trestle on its protocol."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from benchmarks.scenarios import Scenario
from benchmarks.targets import BASELINES, Target


@dataclass
class TargetResult:
    """One target's medians, in µs per request, by scenario key."""

    target: Target
    version: str
    medians: dict[str, float] = field(default_factory=dict)
    samples: dict[str, list[float]] = field(default_factory=dict)
    iterations: dict[str, int] = field(default_factory=dict)


def ratios(results: Sequence[TargetResult]) -> dict[str, dict[str, float]]:
    """``peer µs / Trestle µs`` per target and scenario: above 1, Trestle is faster."""
    by_name = {result.target.name: result for result in results}
    table: dict[str, dict[str, float]] = {}
    for result in results:
        baseline = by_name.get(BASELINES[result.target.protocol])
        if baseline is None:
            continue
        table[result.target.name] = {
            key: value / baseline.medians[key]
            for key, value in result.medians.items()
            if baseline.medians.get(key)
        }
    return table


def geometric_mean(values: Sequence[float]) -> float:
    """The mean that suits ratios (ratios of 2 and 0.5 cancel out)."""
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else math.nan


def render(results: Sequence[TargetResult], scenarios: Sequence[Scenario], markdown: bool) -> str:
    """Both tables as plain text, or as Markdown for the README."""
    keys = [scenario.key for scenario in scenarios]
    by_ratio = ratios(results)
    micro_rows = []
    ratio_rows = []
    for result in results:
        label = f"{result.target.name} {result.version}".strip()
        micro_rows.append([label, *(_number(result.medians.get(k)) for k in keys)])
        row = by_ratio.get(result.target.name, {})
        present = [row[k] for k in keys if k in row]
        ratio_rows.append(
            [label, *(_ratio(row.get(k)) for k in keys), _ratio(geometric_mean(present))]
        )
    legend = ", ".join(f"{s.key} {s.title}" for s in scenarios)
    micro = _table(["framework", *keys], micro_rows, markdown)
    ratio = _table(["framework", *keys, "geo mean"], ratio_rows, markdown)
    return (
        f"Median µs per request (lower is better). {legend}\n\n{micro}\n\n"
        "Ratio to Trestle on the same protocol (peer µs / Trestle µs; above 1 means Trestle "
        f"is faster)\n\n{ratio}\n"
    )


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def _ratio(value: float | None) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:.2f}"


def _table(header: list[str], rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        lines = [
            "| " + " | ".join(header) + " |",
            "|" + "|".join(["---", *["---:"] * (len(header) - 1)]) + "|",
        ]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells))
    return "\n".join(lines)
