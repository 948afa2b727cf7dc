"""bench/results.json -> bench/report.md (ratios and the targets of issue #11) and bench/latency.png."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

# (what, ratio of, to, how it is computed, target, "le"/"ge")
TARGETS: List[Tuple[str, str, str, str, float, str]] = [
    ("cold training", "reiswijzer", "stock", "train_s", 0.5, "le"),
    ("median turn at 1 conversation", "reiswijzer", "stock", "p50@1", 0.5, "le"),
    ("throughput at 50 concurrent", "reiswijzer", "stock", "rps@50", 4.0, "ge"),
    ("start-up", "reiswijzer", "stock", "startup_s", 1.0, "le"),
    ("memory", "reiswijzer", "stock", "rss_mb", 1.0, "le"),
    ("stretch: median turn at 1 vs the light bot", "reiswijzer", "light", "p50@1", 1.5, "le"),
    ("stretch: throughput at 50 vs the light bot", "reiswijzer", "light", "rps@50", 0.75, "ge"),
]


def value(system: Dict[str, Any], key: str) -> Optional[float]:
    if "@" in key:
        metric, level = key.split("@")
        metric = {"p50": "p50_ms", "rps": "rps"}[metric]
        return ((system.get("turns") or {}).get(level) or {}).get(metric)
    return system.get(key)


def ratio(a: Optional[float], b: Optional[float]) -> Optional[float]:
    return None if a is None or not b else a / b


def _fmt(x: Optional[float], digits: int = 2) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def ratio_rows(results: Dict[str, Any]) -> List[str]:
    systems = results["systems"]
    ours = systems.get("reiswijzer", {})
    keys = [("cold training (s)", "train_s"), ("model (MB)", "model_mb"), ("start-up (s)", "startup_s"),
            ("memory after load (MB)", "rss_mb")]
    levels = sorted({lvl for s in systems.values() for lvl in (s.get("turns") or {})}, key=int)
    for level in levels:
        keys += [(f"p50 at {level} (ms)", f"p50@{level}"), (f"req/s at {level}", f"rps@{level}")]
    others = [name for name in ("stock", "light", "ceiling") if name in systems]
    rows = ["| measure | " + " | ".join(["reiswijzer"] + others) + " | " +
            " | ".join(f"reiswijzer / {o}" for o in others) + " |",
            "| --- |" + " --- |" * (1 + 2 * len(others))]
    for label, key in keys:
        mine = value(ours, key)
        rows.append(f"| {label} | {_fmt(mine)} | " + " | ".join(_fmt(value(systems[o], key)) for o in others) +
                    " | " + " | ".join(_fmt(ratio(mine, value(systems[o], key))) for o in others) + " |")
    return rows


def target_rows(results: Dict[str, Any]) -> List[str]:
    systems = results["systems"]
    rows = ["| target | measured | wanted | met? |", "| --- | --- | --- | --- |"]
    for label, a, b, key, wanted, sense in TARGETS:
        if a not in systems or b not in systems:
            continue
        got = ratio(value(systems[a], key), value(systems[b], key))
        if got is None:
            rows.append(f"| {label} | – | {'≤' if sense == 'le' else '≥'} {wanted}× | not measured |")
            continue
        met = got <= wanted if sense == "le" else got >= wanted
        by = "" if met else f" (missed by {abs(got / wanted - 1) * 100:.0f} %)"
        rows.append(f"| {label} | {got:.2f}× {b} | {'≤' if sense == 'le' else '≥'} {wanted}× | "
                    f"{'yes' if met else 'no' + by} |")
    ours = systems.get("reiswijzer", {})
    if ours.get("journey_ms"):
        p95 = ours["journey_ms"]["p95"]
        rows.append(f"| journey assembly p95 | {p95:.2f} ms | ≤ 5 ms | {'yes' if p95 <= 5 else 'no'} |")
    if ours.get("turn1_ms") and ours.get("turn40_ms"):
        growth = ours["turn40_ms"] / ours["turn1_ms"]
        rows.append(f"| turn 40 vs turn 1 | {growth:.2f}× | ≤ 1.5× | {'yes' if growth <= 1.5 else 'no'} |")
    return rows


def plot(results: Dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for name, system in results["systems"].items():
        turns = system.get("turns") or {}
        levels = sorted(turns, key=int)
        if not levels:
            continue
        left.plot([int(x) for x in levels], [turns[x]["p50_ms"] for x in levels], marker="o", label=name)
        right.plot([int(x) for x in levels], [turns[x]["rps"] for x in levels], marker="o", label=name)
    left.set(xlabel="concurrent conversations", ylabel="p50 turn latency (ms)", yscale="log", title="latency")
    right.set(xlabel="concurrent conversations", ylabel="turns per second", yscale="log", title="throughput")
    for axis in (left, right):
        axis.grid(True, alpha=0.3)
        axis.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def write(results: Dict[str, Any], out: Path) -> None:
    m = results["machine"]
    ours = results["systems"].get("reiswijzer", {})
    lines = [
        "# Benchmark: Reiswijzer vs the stock Rasa bot, the light bot and the ceiling", "",
        f"One run of `make bench` ({m.get('date')}), {m['cores']} cores, Python {m['python']}, Rasa {m['rasa']};"
        f" {results['settings']['seconds_per_level']} s measured per system and concurrency level, in "
        f"{results['settings'].get('rounds', 1)} rounds that alternate between the systems (all of them up "
        "at once, idle while another is measured), after a warm-up. "
        "Closed-loop load over loopback REST: each virtual user plays whole conversations with a fresh sender "
        "(Reiswijzer: a real 10-turn interview up to the journey; the others: the 4-turn mood-bot "
        "conversation). Raw figures: `results.json`.", "",
        "## Side by side", "", *ratio_rows(results), "",
        "## Targets (issue #11)", "", *target_rows(results), "",
    ]
    if ours:
        lines += ["## Reiswijzer in detail", "",
                  f"- journey assembly in-process: p50 {_fmt((ours.get('journey_ms') or {}).get('p50'), 3)} ms, "
                  f"p95 {_fmt((ours.get('journey_ms') or {}).get('p95'), 3)} ms (held-in personas)",
                  f"- NLU parse in-process: p50 {_fmt((ours.get('nlu_parse_ms') or {}).get('p50'), 2)} ms, "
                  f"p95 {_fmt((ours.get('nlu_parse_ms') or {}).get('p95'), 2)} ms (held-out messages)",
                  f"- long conversation: turn 1 {_fmt(ours.get('turn1_ms'))} ms, turn 11 (first follow-up after "
                  f"the journey) {_fmt(ours.get('turn11_ms'))} ms, turn 40 {_fmt(ours.get('turn40_ms'))} ms", ""]
    lines += ["![latency and throughput vs concurrency](latency.png)", ""]
    notes = Path(__file__).with_name("NOTES.md")
    if notes.exists():
        lines += [notes.read_text(encoding="utf-8").strip(), ""]
    (out / "report.md").write_text("\n".join(lines), encoding="utf-8")
    plot(results, out / "latency.png")
