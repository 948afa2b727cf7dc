"""`make bench` is a benchmark, not a timed test: here it only has to run, on a tiny setting, and write
results in the agreed shape (bench/run.py). No figure is checked against a target."""
import json
import subprocess
import sys

from bench.systems import ROOT, SCRIPTS
from tests.e2e import MODEL, journey_of

T_KEYS = {"p50_ms", "p95_ms", "p99_ms", "rps", "errors"}


def test_the_benchmark_interview_is_a_real_interview_that_ends_in_a_journey(rasa_servers):
    sender = "bench-script-check"
    replies = [rasa_servers.say(sender, text) for text in SCRIPTS["reiswijzer"]]
    assert journey_of(replies[-1]) is not None, "the bench script no longer reaches the journey"
    assert all(replies), "every turn of the bench script gets an answer"


def test_make_bench_runs_on_a_tiny_setting_and_writes_results_and_report(tmp_path):
    done = subprocess.run([sys.executable, "-m", "bench.run", "--tiny", "--out", str(tmp_path),
                           "--systems", "reiswijzer,light,ceiling", "--reuse-model", str(MODEL)],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads((tmp_path / "results.json").read_text())
    assert {"cores", "python", "rasa"} <= set(results["machine"])
    systems = results["systems"]
    assert set(systems) == {"reiswijzer", "light", "ceiling"}
    for name, system in systems.items():
        assert {"train_s", "model_mb", "startup_s", "rss_mb", "turns"} <= set(system), name
        assert set(system["turns"]) == {"1", "2"}
        for level in system["turns"].values():
            assert set(level) == T_KEYS
            assert level["errors"] == 0 and level["rps"] > 0 and 0 < level["p50_ms"] <= level["p99_ms"]
        assert system["rss_mb"] > 0 and system["startup_s"] > 0
    assert systems["light"]["train_s"] > 0 and systems["ceiling"]["train_s"] is None
    ours = systems["reiswijzer"]
    assert ours["train_s"] is None          # the tiny run serves the model make test trained
    assert 0 < ours["journey_ms"]["p50"] <= ours["journey_ms"]["p95"]
    assert 0 < ours["nlu_parse_ms"]["p50"] <= ours["nlu_parse_ms"]["p95"]
    assert ours["turn1_ms"] > 0 and ours["turn40_ms"] > 0
    report = (tmp_path / "report.md").read_text()
    assert "reiswijzer / light" in report and "turn 40 vs turn 1" in report
    assert (tmp_path / "latency.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
