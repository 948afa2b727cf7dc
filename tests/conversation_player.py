"""Plays whole owner conversations against the running servers (tests/e2e.py), as a patient owner would.

An owner (tests/conversations/owners_*.yml) has an opening, an answer ready for every interview question
(a list = rephrasings tried in turn when the bot asks again) and what a marketer expects the journey to
say (market, involvement, channels, goal). The player:
- answers the question the bot is asking (it reads `requested_slot` from the tracker API, so no wording
  is pinned), with the next rephrasing when the same question comes back;
- clicks the skip button after two re-asks of the same question;
- outside the interview clicks the start button the bot offers, and the confirm button of the summary;
- notes every misread that ends or restarts the interview (the bot says it stopped, or asks whether to
  start over, though the owner asked for neither).

Used by `make bench-conversations` (scripts/bench_conversations.py) and by the regression tests.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

import requests

INTERVIEW_SLOTS = ("business_name", "offering", "market", "audience", "price", "purchase_frequency",
                   "decision_time", "channels", "goal", "pain_points")
START_PAYLOADS = ("/start_journey",)
CONFIRM_PAYLOAD = "/affirm"
SKIP_PAYLOAD = "/skip"
MAX_TURNS = 45


@dataclass
class Turn:
    said: str
    asked: Optional[str]          # the slot the bot was asking when the owner said it (None: outside)
    replies: List[Dict[str, Any]]


@dataclass
class Outcome:
    owner: str
    language: str
    turns: List[Turn] = field(default_factory=list)
    journey: Optional[Dict[str, Any]] = None
    first_time: Dict[str, bool] = field(default_factory=dict)   # slot -> understood on the first answer
    asked_count: Dict[str, int] = field(default_factory=dict)
    misreads: List[str] = field(default_factory=list)          # stop/restart the owner never asked for
    problems: List[str] = field(default_factory=list)
    interruptions: Dict[str, bool] = field(default_factory=dict)  # slot -> the question came back, unanswered
    started: bool = False

    def checks(self, expected: Dict[str, Any]) -> Dict[str, bool]:
        if self.journey is None:
            return {key: False for key in ("market", "involvement", "channels", "goal")}
        profile = self.journey["profile"]
        return {
            "market": profile.get("market") == expected["market"],
            "involvement": self.journey["involvement"]["level"] == expected["involvement"],
            "channels": sorted(set(profile.get("channels") or [])) == sorted(set(expected["channels"])),
            "goal": profile.get("goal") == expected["goal"],
        }


def _texts(messages: List[Dict[str, Any]]) -> str:
    return "\n".join(m.get("text", "") for m in messages if m.get("text"))


def _journey(messages: List[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    for message in messages:
        custom = message.get("custom")
        if isinstance(custom, dict) and "journey" in custom:
            return custom["journey"]
    return None


def _buttons(messages: List[Dict[str, Any]]) -> List[Dict[str, str]]:
    return [b for m in messages for b in m.get("buttons") or []]


class Player:
    """A REST client for one Rasa server with the HTTP API on (token needed to read the tracker)."""

    def __init__(self, url: str, token: str, timeout: float = 120) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def say(self, sender: str, text: str) -> List[Dict[str, Any]]:
        reply = requests.post(f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                              timeout=self.timeout)
        reply.raise_for_status()
        return reply.json()

    def tracker(self, sender: str) -> Dict[str, Any]:
        reply = requests.get(f"{self.url}/conversations/{sender}/tracker", params={"token": self.token},
                             timeout=self.timeout)
        reply.raise_for_status()
        return reply.json()

    def parse(self, text: str) -> Dict[str, Any]:
        reply = requests.post(f"{self.url}/model/parse", params={"token": self.token}, json={"text": text},
                              timeout=self.timeout)
        reply.raise_for_status()
        return reply.json()

    def play(self, owner: Dict[str, Any]) -> Outcome:
        """One whole conversation; returns what happened."""
        sender = f"owner-{owner['id']}-{uuid.uuid4().hex[:8]}"
        outcome = Outcome(owner=owner["id"], language=owner.get("language", "nl"))
        answers = {slot: value if isinstance(value, list) else [value]
                   for slot, value in owner["answers"].items()}
        attempts: Dict[str, int] = {}
        interrupts = dict(owner.get("interrupt") or {})
        last_asked: Optional[str] = None
        said, asked = owner["opening"], None
        for _ in range(MAX_TURNS):
            replies = self.say(sender, said)
            outcome.turns.append(Turn(said=said, asked=asked, replies=replies))
            state = self.tracker(sender)
            slots = state.get("slots") or {}
            active = (state.get("active_loop") or {}).get("name")
            requested = slots.get("requested_slot") if active else None
            self._note_misreads(outcome, said, replies, slots)
            journey = _journey(replies)
            if journey is not None:
                outcome.journey = journey
                break
            if active:
                outcome.started = True
            if said in interrupts.values() and asked is not None:
                outcome.interruptions[asked] = requested == asked and slots.get(asked) in (None, [])
                asked = None
            elif asked is not None and asked not in outcome.first_time:
                outcome.first_time[asked] = requested != asked and not _was_skipped(slots, asked)
            if requested and requested in interrupts:
                said, asked = interrupts.pop(requested), requested
                continue
            if requested:
                outcome.asked_count[requested] = outcome.asked_count.get(requested, 0) + 1
                tries = attempts.get(requested, 0)
                attempts[requested] = tries + 1
                skip = next((b for b in _buttons(replies) if b.get("payload") == SKIP_PAYLOAD), None)
                if tries >= 2 and skip:
                    said, asked = SKIP_PAYLOAD, requested
                    continue
                if requested not in answers and requested in ("business_type", "pain_kind"):
                    # the questions asked only sometimes: an owner without a prepared answer picks the
                    # kind the bot offers first, and "something else" (the last button) for a pain
                    offered = [b["payload"] for b in _buttons(replies) if b.get("payload") != SKIP_PAYLOAD]
                    pick = (offered[0] if requested == "business_type" else offered[-1]) if offered else ""
                    said, asked = pick, requested
                    continue
                options = answers.get(requested) or [""]
                said = options[min(tries, len(options) - 1)]
                asked = requested
                last_asked = requested
                continue
            asked = None
            buttons = _buttons(replies)
            confirm = next((b for b in buttons if b.get("payload") == CONFIRM_PAYLOAD), None)
            start = next((b for b in buttons if b.get("payload") in START_PAYLOADS), None)
            if slots.get("interview_state") == "confirming" and confirm:
                said = CONFIRM_PAYLOAD
            elif slots.get("pending_confirmation") == "restart":
                said = next((b["payload"] for b in buttons if b.get("payload") == "/deny"), "nee")
            elif start:
                said = start["payload"]
            else:
                outcome.problems.append(f"stuck outside the interview after {said!r}: {_texts(replies)[:160]!r}")
                said = START_PAYLOADS[0]
        else:
            outcome.problems.append("no journey within %d turns (last question: %s)" % (MAX_TURNS, last_asked))
        return outcome

    @staticmethod
    def _note_misreads(outcome: Outcome, said: str, replies: List[Dict[str, Any]], slots: Dict[str, Any]) -> None:
        if said.startswith("/"):
            return
        payloads = {b.get("payload") for b in _buttons(replies)}
        if slots.get("pending_confirmation") == "restart" or "/affirm" in payloads and "/deny" in payloads \
                and slots.get("interview_state") != "confirming":
            outcome.misreads.append(f"start over asked after {said!r}")
        elif outcome.started and slots.get("interview_state") == "interviewing" and not slots.get("requested_slot") \
                and _journey(replies) is None and not _is_summary(slots):
            outcome.misreads.append(f"interview ended after {said!r}: {_texts(replies)[:120]!r}")


def _is_summary(slots: Dict[str, Any]) -> bool:
    return slots.get("interview_state") == "confirming"


def _was_skipped(slots: Dict[str, Any], slot: str) -> bool:
    return slot in (slots.get("skipped_slots") or [])
