"""End to end: Reiswijzer in Slack. The real Rasa and action servers with the Slack channel on, and a
fake Slack Web API on loopback (SLACK_API_URL, tests/e2e.py): signed event payloads (a DM, a mention in
a channel, a retry of the same event, button clicks, the channel multi-select) are POSTed to
/webhooks/slack/webhook and what the fake API received is checked: the questions in the right thread,
exactly one reply per event, and the journey as Block Kit within Slack's limits. Unsigned, wrongly
signed and stale requests are refused and cause no call."""
import hashlib
import hmac
import json
import time
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional
from urllib.parse import urlencode

import pytest
import requests
import yaml

from bot import interview, knowledge
from bot.render import slack as blocks
from tests.e2e import SLACK_SIGNING_SECRET, SLACK_TOKEN

ROOT = Path(__file__).resolve().parents[1]
BOT_USER = "UREISWIJZER"
TEAM = "T0TEST"


def question(slot: str, language: str = "nl") -> str:
    return interview.question(slot, language)["text"].split("{")[0].split("\n")[0].strip()


def signed(body: bytes, secret: str = SLACK_SIGNING_SECRET, timestamp: Optional[int] = None) -> Dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{stamp}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


class Workspace:
    """A Slack workspace's side: posts signed events and clicks, reads what the app sent back."""

    def __init__(self, servers) -> None:
        self.servers = servers
        self.url = f"{servers.url}/webhooks/slack/webhook"
        self.fake = servers.slack
        self.ts = int(time.time() * 1000)

    def next_ts(self) -> str:
        self.ts += 1
        return f"{self.ts // 1000}.{self.ts % 1000:06d}"

    def event(self, event: Dict[str, Any], event_id: Optional[str] = None, headers: Optional[Dict[str, str]] = None,
              sign: bool = True) -> requests.Response:
        body = json.dumps({"token": "x", "team_id": TEAM, "api_app_id": "A1", "type": "event_callback",
                           "event_id": event_id or "Ev" + uuid.uuid4().hex[:10], "event_time": int(time.time()),
                           "authorizations": [{"user_id": BOT_USER, "is_bot": True}], "event": event}).encode()
        head = {"Content-Type": "application/json", **(signed(body) if sign else {}), **(headers or {})}
        return requests.post(self.url, data=body, headers=head, timeout=30)

    def dm(self, user: str, channel: str, text: str, **extra: Any) -> requests.Response:
        return self.event({"type": "message", "channel_type": "im", "user": user, "channel": channel,
                           "text": text, "ts": self.next_ts()}, **extra)

    def click(self, user: str, message: Dict[str, Any], action: Dict[str, Any],
              state: Optional[Dict[str, Any]] = None) -> requests.Response:
        payload = {"type": "block_actions", "team": {"id": TEAM}, "user": {"id": user},
                   "channel": {"id": message["channel"]}, "container": {"channel_id": message["channel"]},
                   "message": {"ts": message["ts"], "thread_ts": message.get("thread_ts"),
                               "blocks": message["blocks"]},
                   "state": {"values": state or {}}, "actions": [{**action, "action_ts": self.next_ts()}]}
        body = urlencode({"payload": json.dumps(payload)}).encode()
        head = {"Content-Type": "application/x-www-form-urlencoded", **signed(body)}
        return requests.post(self.url, data=body, headers=head, timeout=30)

    def replies(self, channel: str, count: int) -> List[Dict[str, Any]]:
        return self.fake.posted(channel, count)

    def reply_after(self, send, channel: str) -> Dict[str, Any]:
        """Sends, then waits for exactly one more message in `channel` (and checks no second comes)."""
        before = len(self.fake.posted(channel, 0, timeout=0))
        assert send().status_code == 200
        posted = self.replies(channel, before + 1)
        assert len(posted) == before + 1, f"no reply in {channel}"
        time.sleep(0.3)
        assert len(self.fake.posted(channel, 0, timeout=0)) == before + 1, "more than one reply to one event"
        return posted[-1]


def all_text(message: Dict[str, Any]) -> str:
    parts = [message.get("text") or ""]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                parts.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(message.get("blocks") or [])
    return "\n".join(parts).replace("\u200d", "")


def buttons(message: Dict[str, Any]) -> List[Dict[str, Any]]:
    return [e for b in message.get("blocks") or [] if b.get("type") == "actions" for e in b["elements"]
            if e.get("type") == "button"]


@pytest.fixture(scope="module")
def slack(rasa_servers):
    return Workspace(rasa_servers)


def new_ids():
    suffix = uuid.uuid4().hex[:8].upper()
    return "U" + suffix, "D" + suffix


def test_the_url_verification_challenge_is_answered(slack):
    body = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "x"}).encode()
    reply = requests.post(slack.url, data=body, headers={"Content-Type": "application/json", **signed(body)},
                          timeout=30)
    assert reply.status_code == 200 and reply.json()["challenge"] == "abc123"


@pytest.mark.parametrize("how", ["unsigned", "wrong secret", "stale", "tampered"])
def test_unsigned_wrongly_signed_and_stale_requests_are_refused_and_nothing_is_sent(slack, how):
    user, channel = new_ids()
    body = json.dumps({"type": "event_callback", "team_id": TEAM, "event_id": "Ev" + uuid.uuid4().hex,
                       "event": {"type": "message", "channel_type": "im", "user": user, "channel": channel,
                                 "text": "ik wil mijn klantreis in kaart brengen", "ts": slack.next_ts()}}).encode()
    headers = {"Content-Type": "application/json"}
    if how == "wrong secret":
        headers.update(signed(body, secret="not-the-secret"))
    elif how == "stale":
        headers.update(signed(body, timestamp=int(time.time()) - 6 * 60))
    elif how == "tampered":
        headers.update(signed(body))
        body = body.replace(b"klantreis", b"klantReis")
    reply = requests.post(slack.url, data=body, headers=headers, timeout=30)
    assert reply.status_code in (400, 401)
    time.sleep(2)
    assert slack.fake.posted(channel, 0, timeout=0) == []


def test_a_dm_starts_the_interview_and_a_retry_of_the_same_event_is_not_answered_again(slack):
    user, channel = new_ids()
    event_id = "Ev" + uuid.uuid4().hex[:10]
    first = slack.reply_after(lambda: slack.dm(user, channel, "ik wil mijn klantreis in kaart brengen",
                                               event_id=event_id), channel)
    assert question("business_name") in all_text(first)
    assert first.get("thread_ts") is None                 # a DM is answered at its top level
    assert slack.fake.calls[-1]["token"] == f"Bearer {SLACK_TOKEN}"
    # Slack did not see the acknowledgement in time and sends the event again
    retry = slack.dm(user, channel, "ik wil mijn klantreis in kaart brengen", event_id=event_id,
                     headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"})
    assert retry.status_code == 200
    time.sleep(2)
    assert len(slack.fake.posted(channel, 0, timeout=0)) == 1
    second = slack.reply_after(lambda: slack.dm(user, channel, "Bakkerij Vers"), channel)
    assert question("offering") in all_text(second)


def test_the_language_follows_the_owner(slack):
    user, channel = new_ids()
    reply = slack.reply_after(lambda: slack.dm(user, channel, "Hi, I run a bike repair shop. Can you help me map "
                                                             "my customer journey?"), channel)
    assert question("business_name", "en") in all_text(reply)


def test_a_mention_in_a_channel_is_answered_in_its_thread_and_the_thread_goes_on_without_mentions(slack):
    user, _ = new_ids()
    channel = "C" + uuid.uuid4().hex[:8].upper()
    mention_ts = slack.next_ts()
    mention = {"type": "app_mention", "user": user, "channel": channel, "ts": mention_ts,
               "text": f"<@{BOT_USER}> kun je me helpen met mijn klantreis?"}
    reply = slack.reply_after(lambda: slack.event(mention), channel)
    assert reply["thread_ts"] == mention_ts and question("business_name") in all_text(reply)
    # Slack also sends the same message as a plain channel message: not answered twice
    slack.event({**mention, "type": "message", "channel_type": "channel"})
    # the owner answers in the thread without mentioning the app
    answer = {"type": "message", "channel_type": "channel", "user": user, "channel": channel,
              "ts": slack.next_ts(), "thread_ts": mention_ts, "text": "Fietsplus Utrecht"}
    reply = slack.reply_after(lambda: slack.event(answer), channel)
    assert reply["thread_ts"] == mention_ts and question("offering") in all_text(reply)
    # channel chatter outside the thread, and another thread nobody started with the app: no reply
    slack.event({"type": "message", "channel_type": "channel", "user": user, "channel": channel,
                 "ts": slack.next_ts(), "text": "wie wil er koffie?"})
    slack.event({**answer, "ts": slack.next_ts(), "thread_ts": slack.next_ts(), "text": "klopt"})
    time.sleep(2)
    assert len(slack.fake.posted(channel, 0, timeout=0)) == 2


def test_a_whole_interview_by_typing_and_clicking_ends_in_a_journey_in_block_kit(slack, journey_schema):
    user, channel = new_ids()
    say = lambda text: slack.reply_after(lambda: slack.dm(user, channel, text), channel)  # noqa: E731
    say("Wij verkopen brood en gebak via onze winkel en Facebook")
    market = say("Bakkerij Korenbloem")
    assert question("market") in all_text(market)
    chosen = next(b for b in buttons(market) if b["value"] == "particulieren")
    audience = slack.reply_after(lambda: slack.click(user, market, chosen), channel)
    assert question("audience") in all_text(audience)
    # the clicked message now shows the choice instead of its buttons
    (update,) = slack.fake.posted(channel, 1, method="chat.update")
    assert update["ts"] == market["ts"] and not any(b["type"] == "actions" for b in update["blocks"])
    assert chosen["text"]["text"] in all_text(update)
    say("gezinnen uit de wijk")
    say("3 euro")
    say("elke dag")
    asked = say("meteen")
    assert "Facebook" in all_text(asked)
    menu = next(e for b in asked["blocks"] if b["type"] == "actions" for e in b["elements"]
                if e["type"] == "multi_static_select")
    assert {o["value"] for o in menu["initial_options"]} == {"store", "facebook"}
    submit = next(e for e in buttons(asked) if e["action_id"] == blocks.SUBMIT_ACTION)
    options = {o["value"]: o for o in menu["options"]}
    state = {"rw_multiselect": {menu["action_id"]: {"type": "multi_static_select",
                                                    "selected_options": [options["store"], options["instagram"]]}}}
    goal = slack.reply_after(lambda: slack.click(user, asked, submit, state), channel)
    assert question("goal") in all_text(goal)
    say("vaste klanten")
    summary = say("geen")
    assert knowledge.message("summary_intro", "nl") in all_text(summary)
    confirm = next(b for b in buttons(summary) if b["value"] == "/affirm")
    before = len(slack.fake.posted(channel, 0, timeout=0))
    assert slack.click(user, summary, confirm).status_code == 200
    time.sleep(3)
    after = slack.fake.posted(channel, before + 2)[before:]
    assert all_text(after[0]) == knowledge.message("slack_working", "nl")
    journey_messages = after[1:]
    assert journey_messages and journey_messages[0]["blocks"][0]["type"] == "header"
    for message in journey_messages:
        assert len(message["blocks"]) <= 50 and len(message["text"]) <= 3000
        for block in message["blocks"]:
            text = block.get("text")
            if isinstance(text, dict):
                assert len(text["text"]) <= (150 if block["type"] == "header" else 3000)
            assert block["type"] in {"header", "section", "divider", "context", "actions"}
    shown = "\n".join(all_text(m) for m in journey_messages)
    for stage in ("Oriëntatie", "Afweging", "Aankoop", "Gebruik", "Evaluatie"):
        assert stage in shown
    assert "Instagram" in shown
    links = [e["url"] for m in journey_messages for e in buttons(m) if e.get("url")]
    assert any(link.endswith("/pdf") for link in links) and any(link.endswith("/html") for link in links)
    assert requests.get(next(l for l in links if l.endswith("/pdf")), timeout=30).content.startswith(b"%PDF")


def test_the_manifest_asks_what_the_channel_needs(slack):
    manifest = yaml.safe_load((ROOT / "slack" / "manifest.yml").read_text(encoding="utf-8"))
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"app_mentions:read", "chat:write", "im:history", "channels:history"} <= scopes
    settings = manifest["settings"]
    assert {"app_mention", "message.im", "message.channels"} <= set(settings["event_subscriptions"]["bot_events"])
    assert settings["interactivity"]["is_enabled"]
    for url in (settings["event_subscriptions"]["request_url"], settings["interactivity"]["request_url"]):
        assert url.endswith("/webhooks/slack/webhook")
    assert manifest["features"]["app_home"]["messages_tab_enabled"]
