"""The four systems `make bench` measures, each built, trained and started the same way in one run:
reiswijzer (this project as `make run` starts it), stock (the bot `rasa init` writes: DIET + TED),
light (the same bot with the lightest config a Rasa expert would pick) and ceiling (a bare Sanic echo)."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import requests

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"
# what `rasa init --no-prompt` copies into a new project (rasa/cli/scaffold.py copies this folder)
INITIAL_PROJECT = Path(__import__("rasa").__file__).parent / "cli" / "initial_project"

LIGHT_CONFIG = """# the stock bot with the lightest configuration a Rasa expert would pick (bench/systems.py)
recipe: default.v1
language: en
assistant_id: light-bench
pipeline:
  - name: WhitespaceTokenizer
  - name: CountVectorsFeaturizer
  - name: LogisticRegressionClassifier
policies:
  - name: MemoizationPolicy
  - name: RulePolicy
"""

# one conversation per system, played again and again with fresh senders
SCRIPTS: Dict[str, List[str]] = {
    "reiswijzer": [  # a real interview, from the opening to the journey (tests/test_bench.py checks it)
        "Wij verkopen brood en gebak van 3 euro aan mensen uit de buurt", "Bakkerij De Korenschoof",
        "particulieren", "elke dag", "meteen", "de winkel en instagram", "nee", "vaste klanten houden",
        "geen", "ja"],
    "stock": ["hello", "I am very sad", "yes", "bye"],
    "light": ["hello", "I am very sad", "yes", "bye"],
    "ceiling": ["hello", "I am very sad", "yes", "bye"],
}
# after the interview, what an owner asks next: the long conversation for turn 1 vs turn 40
FOLLOW_UPS = ["wat moet ik eerst doen?", "vertel meer over de aankoop", "persona", "vergelijk met nu",
              "waarom hoge betrokkenheid?", "we zitten ook op Facebook", "wat is een touchpoint?",
              "vertel meer over de evaluatie", "de prijs is eigenlijk 4 euro", "wat moet ik eerst doen?"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(**extra: str) -> Dict[str, str]:
    env = dict(os.environ)
    env.update({"TF_CPP_MIN_LOG_LEVEL": "2", "RASA_TELEMETRY_ENABLED": "false", "PYTHONPATH": str(ROOT),
                "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "PATH": f"{VENV_BIN}:{env.get('PATH', '')}"})
    env.pop("REISWIJZER_API_TOKEN", None)
    env.update(extra)
    return env


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        todo += [int(child) for child in children]
    return round(total / 1024, 1)


@dataclass
class System:
    """One system under test: where it lives, how it is trained and how it is started."""
    name: str
    workdir: Path
    port: int = field(default_factory=free_port)
    model: Optional[Path] = None
    process: Optional[subprocess.Popen] = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhooks/rest/webhook"

    def prepare(self) -> None:
        """Writes the project files (the stock and light bots; reiswijzer is this checkout)."""
        if self.name in ("stock", "light"):
            if self.workdir.exists():
                shutil.rmtree(self.workdir)
            shutil.copytree(INITIAL_PROJECT, self.workdir)
            if self.name == "light":
                (self.workdir / "config.yml").write_text(LIGHT_CONFIG, encoding="utf-8")
        else:
            self.workdir.mkdir(parents=True, exist_ok=True)

    def train(self, reuse: Optional[Path] = None) -> Optional[float]:
        """Cold training time (seconds, an empty Rasa cache) or None for the ceiling / a reused model."""
        if self.name == "ceiling":
            return None
        if reuse is not None:
            self.model = reuse
            return None
        cache = self.workdir / "cold-cache"
        shutil.rmtree(cache, ignore_errors=True)
        out = self.workdir / "models"
        shutil.rmtree(out, ignore_errors=True)
        project = ROOT if self.name == "reiswijzer" else self.workdir
        command = [str(VENV_BIN / "rasa"), "train", "--fixed-model-name", self.name, "--out", str(out), "--quiet"]
        started = time.perf_counter()
        with open(self.workdir / "train.log", "wb") as log:
            subprocess.run(command, cwd=project, env=environment(RASA_CACHE_DIRECTORY=str(cache)),
                           stdout=log, stderr=subprocess.STDOUT, check=True)
        seconds = time.perf_counter() - started
        self.model = out / f"{self.name}.tar.gz"
        shutil.rmtree(cache, ignore_errors=True)
        return round(seconds, 1)

    def model_mb(self) -> Optional[float]:
        return round(self.model.stat().st_size / 1e6, 2) if self.model else None

    def start(self, timeout_s: float = 300) -> float:
        """Starts the system; seconds until its REST endpoint answers."""
        log = open(self.workdir / "server.log", "ab")
        if self.name == "ceiling":
            command, cwd, env = [str(VENV_BIN / "python"), "-m", "bench.ceiling", str(self.port)], ROOT, environment()
        elif self.name == "reiswijzer":   # as `make run` starts it: action server + Rasa server
            command, cwd = [str(ROOT / "scripts" / "run.sh"), "server"], ROOT
            env = environment(RASA_PORT=str(self.port), ACTIONS_PORT=str(free_port()),
                              REISWIJZER_DB=str(self.workdir / f"tracker-{self.port}.db"),
                              ACTIONS_LOG=str(self.workdir / "actions.log"), REISWIJZER_MODEL=str(self.model))
        else:
            command = [str(VENV_BIN / "rasa"), "run", "-m", str(self.model), "--port", str(self.port)]
            cwd, env = self.workdir, environment()
        started = time.perf_counter()
        self.process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        while time.perf_counter() - started < timeout_s:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited during start-up; see {self.workdir / 'server.log'}")
            try:
                if requests.get(self.url.rsplit("/", 1)[0] + "/", timeout=2).ok:
                    return round(time.perf_counter() - started, 1)
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer within {timeout_s} s")

    def rss_mb(self) -> Optional[float]:
        return rss_mb(self.process.pid) if self.process else None

    def stop(self) -> None:
        stop_group(self.process)
        self.process = None


def stop_group(process: Optional[subprocess.Popen]) -> None:
    """Stops a process started with start_new_session and everything it started (run.sh: both servers)."""
    if process and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
