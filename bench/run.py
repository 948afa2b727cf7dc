"""`make bench`: Reiswijzer, the stock Rasa bot, the light Rasa bot and a bare Sanic ceiling, measured side by
side in one run on this machine. Writes bench/results.json, bench/report.md and bench/latency.png.

  python -m bench.run                  the full run (make bench; ~10 minutes on 2 cores)
  python -m bench.run --tiny --out D   a few seconds per level, for tests (tests/test_bench.py)

Each system is trained cold (empty Rasa cache) and started; then, with all of them up, each is warmed up
and loaded with 1, 10 and 50 concurrent conversations (bench/load.py) in alternating rounds; memory is
read after the load. For Reiswijzer also: journey
assembly and NLU parse time in-process, and turn 1 vs turn 40 of a long conversation.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import load, report  # noqa: E402
from bench.systems import FOLLOW_UPS, SCRIPTS, System  # noqa: E402

LEVELS = (1, 10, 50)


def journey_ms(repeats: int) -> Dict[str, float]:
    """In-process journey assembly (profile -> involvement -> journey) over the held-in personas."""
    from bot.journey import build
    from bot.profile import Profile
    from tests.profiles import BAKERY, EBIKE, SOFTWARE, WEBSHOP

    profiles = [Profile.from_slots(p) for p in (BAKERY, EBIKE, SOFTWARE, WEBSHOP)]
    for profile in profiles:
        build(profile)   # rule base loaded and warmed once, as in the action server
    times = []
    for _ in range(repeats):
        for profile in profiles:
            started = time.perf_counter()
            build(profile)
            times.append(time.perf_counter() - started)
    return {"p50": round(load.percentile(times, 0.5) * 1000, 3), "p95": round(load.percentile(times, 0.95) * 1000, 3)}


def nlu_parse_ms(model: Path, limit: Optional[int]) -> Dict[str, float]:
    """In-process NLU parse time per message over the held-out messages (nl and en)."""
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog
    from scripts.bench_nlu import gold_examples

    configure_structlog(logging.WARNING)   # unconfigured, Rasa's structlog prints every parse
    agent = Agent.load(str(model))
    texts = [e["text"] for language in ("nl", "en") for e in gold_examples(language)][:limit]

    async def parse_all() -> List[float]:
        await agent.parse_message("warm-up")
        times = []
        for text in texts:
            started = time.perf_counter()
            await agent.parse_message(text)
            times.append(time.perf_counter() - started)
        return times

    times = asyncio.run(parse_all())
    return {"p50": round(load.percentile(times, 0.5) * 1000, 3), "p95": round(load.percentile(times, 0.95) * 1000, 3)}


def long_conversation(system: System, repeats: int) -> Dict[str, float]:
    """Turn 1 and turn 40 of a 40-turn conversation (the interview, then follow-ups), medians."""
    script = SCRIPTS["reiswijzer"] + (FOLLOW_UPS * 4)[: 40 - len(SCRIPTS["reiswijzer"])]
    runs = asyncio.run(load.conversation_latencies(system.url, script, repeats))
    return {"turn1_ms": load.median_ms([run[0] for run in runs]),
            "turn40_ms": load.median_ms([run[39] for run in runs]),
            "turn11_ms": load.median_ms([run[10] for run in runs])}


def build_and_start(system: System, reuse: Optional[Path]) -> Dict[str, Any]:
    print(f"[bench] {system.name}: preparing and training", flush=True)
    system.prepare()
    result: Dict[str, Any] = {"train_s": system.train(reuse)}
    result["model_mb"] = system.model_mb()
    result["startup_s"] = system.start()
    print(f"[bench] {system.name}: trained in {result['train_s']} s, up in {result['startup_s']} s", flush=True)
    return result


def load_all(systems: List[System], results: Dict[str, Dict[str, Any]], seconds: float, levels,
             rounds: int) -> None:
    """Every level, every system, in alternating rounds: a drift in the machine's speed during the run
    (seen here: up to 1.7x within an hour) then weighs on all systems alike instead of on the last one."""
    for system in systems:   # warm-up: first conversations, caches, lazy imports
        asyncio.run(load.run_level(system.url, SCRIPTS[system.name], 2, max(1.0, seconds / 4), warmup_s=0))
    for level in levels:
        raw = {system.name: ([], 0) for system in systems}
        for _ in range(rounds):
            for system in systems:
                latencies, errors = asyncio.run(load.measure_level(system.url, SCRIPTS[system.name], level,
                                                                   seconds / rounds))
                raw[system.name] = (raw[system.name][0] + latencies, raw[system.name][1] + errors)
        for system in systems:
            latencies, errors = raw[system.name]
            summary = load.summary(latencies, errors, seconds)
            results[system.name].setdefault("turns", {})[str(level)] = summary
            print(f"[bench] {system.name}: {level} concurrent: {summary}", flush=True)


def machine() -> Dict[str, Any]:
    import rasa

    return {"cores": os.cpu_count(), "python": platform.python_version(), "rasa": rasa.__version__,
            "date": time.strftime("%Y-%m-%d %H:%M")}


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tiny", action="store_true", help="seconds per level, for tests")
    parser.add_argument("--out", type=Path, default=ROOT / "bench")
    parser.add_argument("--systems", default="reiswijzer,stock,light,ceiling")
    parser.add_argument("--seconds", type=float, default=None, help="measuring window per level")
    parser.add_argument("--levels", default=None, help="concurrency levels, e.g. 1,10,50")
    parser.add_argument("--reuse-model", type=Path, default=None,
                        help="serve this Reiswijzer model instead of training one (train_s is then null)")
    args = parser.parse_args(argv)
    seconds = args.seconds or (2.0 if args.tiny else 20.0)
    levels = tuple(int(x) for x in args.levels.split(",")) if args.levels else ((1, 2) if args.tiny else LEVELS)
    args.out.mkdir(parents=True, exist_ok=True)
    scratch = ROOT / "var" / "bench"
    results: Dict[str, Any] = {"machine": machine(), "settings": {"seconds_per_level": seconds, "levels": levels,
                                                                  "rounds": 1 if args.tiny else 4},
                               "systems": {}}
    systems = [System(name, scratch / name) for name in args.systems.split(",")]
    try:
        for system in systems:   # trained and started one at a time; the others wait idle
            reuse = args.reuse_model if system.name == "reiswijzer" else None
            results["systems"][system.name] = build_and_start(system, reuse)
        load_all(systems, results["systems"], seconds, levels, rounds=1 if args.tiny else 4)
        for system in systems:
            results["systems"][system.name]["rss_mb"] = system.rss_mb()
            if system.name == "reiswijzer":
                results["systems"][system.name].update(long_conversation(system, repeats=1 if args.tiny else 5))
    finally:
        for system in systems:
            system.stop()
    for system in systems:
        if system.name == "reiswijzer":
            ours = results["systems"]["reiswijzer"]
            ours["journey_ms"] = journey_ms(repeats=5 if args.tiny else 100)
            ours["nlu_parse_ms"] = nlu_parse_ms(system.model, 40 if args.tiny else None)
    (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    report.write(results, args.out)
    print(f"[bench] wrote {args.out / 'results.json'}, {args.out / 'report.md'}, {args.out / 'latency.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
