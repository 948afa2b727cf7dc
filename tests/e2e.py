"""One real Rasa server and one real action server for the whole test session, started the way users
start them (scripts/run.sh, as `make run` does) on free ports with a throw-away SQLite tracker store,
and a host portal's server on loopback that receives the onboarding webhook (REISWIJZER_WEBHOOK_URL)."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl
from typing import Any, Dict, List, Optional, Sequence

import pytest
import requests

from bench.systems import stop_group

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "reiswijzer.tar.gz"
API_TOKEN = "test-" + uuid.uuid4().hex
STARTUP_SECONDS = 240
WEBHOOK_SECRET = "portal-" + uuid.uuid4().hex
SLACK_SIGNING_SECRET = "slack-" + uuid.uuid4().hex
SLACK_TOKEN = "xoxb-test-" + uuid.uuid4().hex[:8]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Portal:
    """A host portal's server on loopback: keeps every webhook request (headers, body) it receives and
    answers with the given statuses in turn (then 200)."""

    def __init__(self, statuses: Sequence[int] = ()) -> None:
        self.requests: List[tuple] = []
        self.statuses = list(statuses)
        received, statuses_left = self.requests, self.statuses

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                received.append((dict(self.headers), body))
                self.send_response(statuses_left.pop(0) if statuses_left else 200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/reiswijzer-webhook"

    def journeys_for(self, sender: str, timeout: float = 15) -> List[tuple]:
        """The webhook requests about `sender`'s journeys, waiting a little for one to arrive."""
        deadline = time.time() + timeout
        while True:
            found = [(headers, body) for headers, body in list(self.requests)
                     if json.loads(body).get("sender_id") == sender]
            if found or time.time() > deadline:
                return found
            time.sleep(0.2)

    def close(self) -> None:
        self.server.shutdown()


class FakeSlack:
    """Slack's Web API as a real HTTP server on loopback (SLACK_API_URL): it keeps every call
    ({"method", "token", "args"}; a new message's `ts` is added to its args) and answers like Slack."""

    def __init__(self) -> None:
        self.calls: List[Dict[str, Any]] = []
        calls, counter = self.calls, iter(range(1, 10 ** 9))

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                method = self.path.rstrip("/").rsplit("/", 1)[-1]
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    args = json.loads(body or b"{}")
                else:
                    args = dict(parse_qsl(body.decode("utf-8")))
                args.setdefault("ts", f"{int(time.time())}.{next(counter):06d}")  # a new message's own ts
                calls.append({"method": method, "token": self.headers.get("Authorization", ""), "args": args})
                reply = json.dumps({"ok": True, "channel": args.get("channel"), "ts": args["ts"]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/"

    def posted(self, channel: str, count: int = 1, timeout: float = 30, method: str = "chat.postMessage"
               ) -> List[Dict[str, Any]]:
        """The calls of `method` to `channel`, once there are at least `count` (or the timeout passed)."""
        deadline = time.time() + timeout
        while True:
            found = [c["args"] for c in list(self.calls) if c["method"] == method and c["args"].get("channel") == channel]
            if len(found) >= count or time.time() > deadline:
                return found
            time.sleep(0.1)

    def close(self) -> None:
        self.server.shutdown()


class RasaServers:
    """The running servers, and a REST client for them."""

    def __init__(self, workdir: Path, portal: Optional[Portal] = None, slack: Optional[FakeSlack] = None) -> None:
        self.workdir = workdir
        self.portal = portal
        self.slack = slack
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
        for name in ("REISWIJZER_PUBLIC_URL", "REISWIJZER_WEBHOOK_URL", "REISWIJZER_EXPORTS_URL"):
            env.pop(name, None)
        env["REISWIJZER_EXPORTS_DB"] = str(self.workdir / "exports.db")
        for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL"):
            env.pop(name, None)
        if self.slack is not None:
            env.update({"SLACK_BOT_TOKEN": SLACK_TOKEN, "SLACK_SIGNING_SECRET": SLACK_SIGNING_SECRET,
                        "SLACK_API_URL": self.slack.url})
        if self.portal is not None:
            env.update({"REISWIJZER_WEBHOOK_URL": self.portal.url, "REISWIJZER_WEBHOOK_SECRET": WEBHOOK_SECRET,
                        "REISWIJZER_WEBHOOK_BACKOFF": "0.2"})
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
    portal, slack = Portal(), FakeSlack()
    servers = RasaServers(tmp_path_factory.mktemp("rasa"), portal, slack)
    servers.start(token=API_TOKEN)
    yield servers
    servers.stop()
    portal.close()
    slack.close()


def texts(messages: List[Dict[str, Any]]) -> str:
    return "\n".join(message.get("text", "") for message in messages)


def journey_of(messages: List[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    for message in messages:
        if "custom" in message and "journey" in message["custom"]:
            return message["custom"]["journey"]
    return None
