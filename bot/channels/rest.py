"""The REST channel at /webhooks/rest/webhook, with input checks in front of Rasa's own.

Rasa's RestInput answers an empty body or a JSON list with a 500 (it reads request.json["sender"]
unchecked). This channel keeps the same URL and reply format but answers bad requests with a 400 and a
clear message, answers an empty message without touching the conversation, and reads at most
MAX_MESSAGE_CHARS of a huge one (saying so). A journey leaving through it gets its export links
(bot/channels/journeys.py). Listed in credentials.yml as bot.channels.rest.CheckedRestInput.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import knowledge
from bot.channels import exports, journeys

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 2000
MAX_SENDER_CHARS = 128


def check_payload(raw: bytes) -> tuple[Optional[Dict[str, Any]], Optional[str]]:
    """(payload, None) for a usable request body, else (None, the reason in plain words)."""
    try:
        payload = json.loads(raw or b"")
    except (ValueError, UnicodeDecodeError):
        return None, 'The body must be JSON: {"sender": "<conversation id>", "message": "<text>"}.'
    if not isinstance(payload, dict):
        return None, 'The body must be a JSON object: {"sender": "<conversation id>", "message": "<text>"}.'
    sender, message = payload.get("sender"), payload.get("message")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        return None, f'"sender" must be a non-empty string of at most {MAX_SENDER_CHARS} characters.'
    if message is not None and not isinstance(message, str):
        return None, '"message" must be a string.'
    return payload, None


def metadata_of(payload: Dict[str, Any]) -> Dict[str, Any]:
    """The request's "metadata" object (a host portal's prefilled answers, its reference), or {}."""
    metadata = payload.get("metadata")
    return metadata if isinstance(metadata, dict) else {}


def portal_ref_of(metadata: Dict[str, Any]) -> Optional[str]:
    """The host portal's reference for the business (sent back with the webhook), if it gave one."""
    ref = metadata.get("portal_ref")
    return ref[:MAX_SENDER_CHARS] if isinstance(ref, str) and ref.strip() else None


def notice(key: str, payload: Dict[str, Any], **values: Any) -> str:
    """A channel notice (empty, too long, failed) in the language the client names (metadata
    `ui_language`); a plain REST client names none, so it gets the Dutch and the English line: the
    conversation may be in either, and the channel answers without reading it."""
    language = metadata_of(payload).get("ui_language")
    if language in knowledge.LANGUAGES:
        return knowledge.message(key, language, **values)
    return "\n".join(knowledge.message(key, language, **values) for language in knowledge.LANGUAGES)


class CheckedRestInput(RestInput):
    """Rasa's REST channel with input checks; same name, URL and replies."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint("reiswijzer_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            payload, problem = check_payload(request.body)
            if problem:
                return response.json({"error": problem}, status=400)
            sender = payload["sender"].strip()
            text = (payload.get("message") or "").strip()
            notes: List[Dict[str, Any]] = []
            if not text:
                return response.json([{"recipient_id": sender, "text": notice("empty_message", payload)}])
            if len(text) > MAX_MESSAGE_CHARS:
                text = text[:MAX_MESSAGE_CHARS]
                notes.append({"recipient_id": sender,
                              "text": notice("message_too_long", payload, limit=MAX_MESSAGE_CHARS)})
            collector = CollectingOutputChannel()
            try:
                await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(),
                                                 metadata=metadata_of(payload)))
            except Exception:  # the conversation is kept; the client gets an answer, not a 500
                logger.exception("Handling a REST message failed")
                return response.json(notes + [{"recipient_id": sender,
                                               "text": notice("internal_error", payload)}], status=500)
            base = exports.base_url(request.scheme, request.host)
            for message in collector.messages:
                if journeys.is_journey(message.get("custom")):
                    message["custom"] = {**message["custom"], "journey": journeys.deliver(
                        message["custom"]["journey"], sender, base, self.name(), portal_ref_of(metadata_of(payload)))}
            return response.json(notes + collector.messages)

        return webhook
