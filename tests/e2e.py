"""One real Rasa server and one real action server for the whole test session, started the way users
start them (scripts/run.sh, as `make run` does) on free ports with a throw-away SQLite tracker store."""
from __future__ import annotations

import os
import socket
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
import requests

from bench.systems import stop_group

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "reiswijzer.tar.gz"
API_TOKEN = "test-" + uuid.uuid4().hex
STARTUP_SECONDS = 240


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RasaServers:
    """The running servers, and a REST client for them."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.rasa_port = free_port()
        self.actions_port = free_port()
        self.process: Optional[subprocess.Popen] = None
        self.token: Optional[str] = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def start(self, token: Optional[str] = None) -> None:
        self.token = token
        env = dict(os.environ)
        env.update({
            "RASA_PORT": str(self.rasa_port), "ACTIONS_PORT": str(self.actions_port),
            "REISWIJZER_DB": str(self.workdir / "tracker.db"), "ACTIONS_LOG": str(self.workdir / "actions.log"),
            "TF_CPP_MIN_LOG_LEVEL": "2", "RASA_TELEMETRY_ENABLED": "false", "PYTHONPATH": str(ROOT),
            "PATH": f"{ROOT / '.venv' / 'bin'}:{env.get('PATH', '')}",
        })
        env.pop("REISWIJZER_API_TOKEN", None)
        if token:
            env["REISWIJZER_API_TOKEN"] = token
        log = open(self.workdir / "rasa.log", "ab")
        self.process = subprocess.Popen([str(ROOT / "scripts" / "run.sh"), "server"], cwd=ROOT, env=env,
                                        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.time() + STARTUP_SECONDS
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"servers exited early; see {self.workdir / 'rasa.log'}:\n{self.log_tail()}")
            try:
                if requests.get(f"{self.url}/webhooks/rest/", timeout=2).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(1)
        raise RuntimeError(f"servers did not come up in {STARTUP_SECONDS}s:\n{self.log_tail()}")

    def stop(self) -> None:
        stop_group(self.process)
        self.process = None

    def restart(self, token: Optional[str] = None) -> None:
        self.stop()
        self.start(token)

    def log_tail(self, lines: int = 40) -> str:
        path = self.workdir / "rasa.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    def post(self, payload: Any, raw: Optional[bytes] = None) -> requests.Response:
        url = f"{self.url}/webhooks/rest/webhook"
        if raw is not None:
            return requests.post(url, data=raw, headers={"Content-Type": "application/json"}, timeout=60)
        return requests.post(url, json=payload, timeout=60)

    def say(self, sender: str, text: str) -> List[Dict[str, Any]]:
        reply = self.post({"sender": sender, "message": text})
        assert reply.status_code == 200, (reply.status_code, reply.text)
        return reply.json()


@pytest.fixture(scope="session")
def rasa_servers(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run the tests with `make test`, which trains it first")
    servers = RasaServers(tmp_path_factory.mktemp("rasa"))
    servers.start(token=API_TOKEN)
    yield servers
    servers.stop()


def texts(messages: List[Dict[str, Any]]) -> str:
    return "\n".join(message.get("text", "") for message in messages)


def journey_of(messages: List[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    for message in messages:
        if "custom" in message and "journey" in message["custom"]:
            return message["custom"]["journey"]
    return None
