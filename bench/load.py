"""A bounded loopback load over REST: C virtual users, each playing whole conversations back to back with a
fresh sender per conversation (closed loop: the next turn is sent when the reply is in). Latency is taken per
turn; throughput is completed turns per second over the measuring window."""
from __future__ import annotations

import asyncio
import itertools
import statistics
import time
import uuid
from typing import Dict, List, Optional, Sequence, Tuple

import aiohttp

_conversation_ids = itertools.count()


def percentile(values: Sequence[float], share: float) -> Optional[float]:
    """The nearest-rank percentile (share in 0..1) of values, or None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary(latencies_s: Sequence[float], errors: int, elapsed_s: float) -> Dict[str, Optional[float]]:
    """T = {p50_ms, p95_ms, p99_ms, rps, errors} for one concurrency level."""
    def ms(share: float) -> Optional[float]:
        value = percentile(latencies_s, share)
        return None if value is None else round(value * 1000, 2)
    return {"p50_ms": ms(0.50), "p95_ms": ms(0.95), "p99_ms": ms(0.99),
            "rps": round(len(latencies_s) / elapsed_s, 2) if elapsed_s > 0 else None, "errors": errors}


async def _turn(session: aiohttp.ClientSession, url: str, sender: str, text: str) -> bool:
    async with session.post(url, json={"sender": sender, "message": text}) as reply:
        body = await reply.json(content_type=None)
        return reply.status == 200 and isinstance(body, list) and len(body) > 0


async def _user(session, url: str, script: Sequence[str], stop_at: float, window_start: float,
                latencies: List[float], errors: List[int], prefix: str) -> None:
    while time.perf_counter() < stop_at:
        sender = f"{prefix}-{next(_conversation_ids)}-{uuid.uuid4().hex[:6]}"
        for text in script:
            if time.perf_counter() >= stop_at:
                return
            started = time.perf_counter()
            try:
                ok = await _turn(session, url, sender, text)
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
                ok = False
            ended = time.perf_counter()
            if ended < window_start or ended > stop_at:
                continue        # a turn counts in the window it ends in: completions per second, unbiased
                                # also when one turn takes longer than the warm-up
            if ok:
                latencies.append(ended - started)
            else:
                errors.append(1)
                break           # a conversation that failed once is abandoned: its next turns would mislead


async def run_level(url: str, script: Sequence[str], concurrency: int, seconds: float,
                    warmup_s: float = 2.0, timeout_s: float = 60.0) -> Dict[str, Optional[float]]:
    """Plays `script` with `concurrency` users for warmup_s + seconds and summarises the measured window."""
    latencies, errors = await measure_level(url, script, concurrency, seconds, warmup_s, timeout_s)
    return summary(latencies, errors, seconds)


async def measure_level(url: str, script: Sequence[str], concurrency: int, seconds: float,
                        warmup_s: float = 2.0, timeout_s: float = 60.0) -> Tuple[List[float], int]:
    """The raw latencies (s) and the number of failed turns of one measuring window."""
    latencies: List[float] = []
    errors: List[int] = []
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    timeout = aiohttp.ClientTimeout(total=timeout_s)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        now = time.perf_counter()
        window_start, stop_at = now + warmup_s, now + warmup_s + seconds
        prefix = f"bench{concurrency}"
        await asyncio.gather(*(_user(session, url, script, stop_at, window_start, latencies, errors, prefix)
                               for _ in range(concurrency)))
    return latencies, len(errors)


async def conversation_latencies(url: str, script: Sequence[str], repeats: int,
                                 timeout_s: float = 60.0) -> List[List[float]]:
    """Plays `script` `repeats` times one after the other; the latency (s) of every turn of every run."""
    runs: List[List[float]] = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout_s)) as session:
        for _ in range(repeats):
            sender, turns = f"long-{uuid.uuid4().hex[:10]}", []
            for text in script:
                started = time.perf_counter()
                if not await _turn(session, url, sender, text):
                    raise RuntimeError(f"turn {len(turns) + 1} ({text!r}) got no answer")
                turns.append(time.perf_counter() - started)
            runs.append(turns)
    return runs


def median_ms(values: Sequence[float]) -> float:
    return round(statistics.median(values) * 1000, 2)
