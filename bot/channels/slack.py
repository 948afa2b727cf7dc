"""Reiswijzer in Slack: Rasa's Slack connector (`SlackInput`, slack-sdk) extended where it falls short.

Listed in credentials.yml as `bot.channels.slack.SlackChannel` with `slack_token: ${SLACK_BOT_TOKEN}`
and `slack_signing_secret: ${SLACK_SIGNING_SECRET}`; without both it is off (the webhook answers 404)
and the server says so once at start-up. `SLACK_API_URL` points the Web API client elsewhere (the
tests' fake Slack on loopback); the default is Slack's own.

What it adds to Rasa's connector, and why:
- Every request is checked first (Rasa's `is_request_from_slack_authentic`: v0 HMAC-SHA256 of the body,
  timestamp at most 5 minutes off); anything else gets 401 before the body is even parsed.
- No duplicates: the request is acknowledged at once and handled in the background; an event id (or a
  click) already seen is acknowledged again and dropped, whatever Slack's retry reason (Rasa's connector
  drops only `http_timeout` retries). A message that mentions the app arrives twice from Slack (as
  `app_mention` and as `message`): only the mention is answered.
- Conversations: one per user per thread. A DM is one conversation (answers at the top level of the DM,
  or in the thread the owner wrote in); a mention in a channel is answered in the mention's thread, and
  later messages in that thread need no mention once the owner's conversation there exists.
- One reply per event: the bot's messages of a turn are collected and posted as one Slack message
  (texts, then the question's buttons or the channel multi-select as Block Kit: bot/render/slack.py);
  the journey goes out as Block Kit (header, involvement, a section per stage, warnings, export
  buttons), split over messages within Slack's limits, after a "working on it" message.
- Clicks: buttons and the channel multi-select (`block_actions`) are answered like typed answers; the
  clicked message is updated to show the choice instead of the buttons, so it cannot be clicked twice.
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from collections import OrderedDict
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List, Optional, Set, Text, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot import knowledge
from bot.channels import exports, journeys
from bot.channels.rest import MAX_MESSAGE_CHARS
from bot.render import chat, slack as blocks

logger = logging.getLogger(__name__)

SLACK_API = "https://slack.com/api/"
SEEN_SECONDS = 3600          # Slack retries for up to ~1 hour at most
SEEN_MAX = 20000
IGNORED_SUBTYPES = {"bot_message", "message_changed", "message_deleted", "channel_join", "channel_leave",
                    "thread_broadcast", "message_replied"}


def api_url() -> str:
    url = os.environ.get("SLACK_API_URL") or SLACK_API
    return url if url.endswith("/") else url + "/"


class Seen:
    """Event ids (and clicks) handled lately, so that a retry is never answered twice."""

    def __init__(self) -> None:
        self._ids: "OrderedDict[str, float]" = OrderedDict()

    def first_time(self, key: str) -> bool:
        now = time.time()
        while self._ids and (len(self._ids) > SEEN_MAX or next(iter(self._ids.values())) < now - SEEN_SECONDS):
            self._ids.popitem(last=False)
        if key in self._ids:
            return False
        self._ids[key] = now
        return True


class SlackChannel(SlackInput):
    """Rasa's SlackInput with the checks, threads and Block Kit of the module docstring."""

    @classmethod
    def name(cls) -> Text:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        token, secret = credentials.get("slack_token") or "", credentials.get("slack_signing_secret") or ""
        if not token or not secret:
            logger.warning("Slack is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to connect a Slack app "
                           "(README, 'Reiswijzer in Slack').")
            return cls(token="", signing_secret="", enabled=False)
        return cls(token=token, signing_secret=secret)

    def __init__(self, token: str, signing_secret: str, enabled: bool = True) -> None:
        # Rasa's constructor refuses to run without a signing secret; a switched-off channel has none
        self.slack_token = token
        self.slack_signing_secret = signing_secret
        self.slack_channel = None
        self.proxy = None
        self.use_threads = True
        self.conversation_granularity = "thread"
        self.errors_ignore_retry = ()
        self.retry_reason_header = "x-slack-retry-reason"
        self.retry_num_header = "x-slack-retry-num"
        self.enabled = enabled
        self.seen = Seen()
        self._background_tasks: Set[asyncio.Task] = set()
        self._client: Optional[AsyncWebClient] = None

    @property
    def client(self) -> AsyncWebClient:
        if self._client is None:
            self._client = AsyncWebClient(token=self.slack_token, base_url=api_url())
        return self._client

    def get_output_channel(self, channel: Optional[Text] = None, thread_id: Optional[Text] = None) -> OutputChannel:
        bot = SlackBot(self.slack_token, channel, thread_id, self.proxy)
        bot.client = self.client
        return bot

    # --- reading Slack's requests ------------------------------------------------------------------------

    @staticmethod
    def conversation_id(team: str, user: str, channel: str, thread: Optional[str]) -> str:
        """One conversation per user per thread (a DM's top level counts as one thread)."""
        return f"slack:{team}:{user}:{channel}:{thread or 'top'}"

    def _event_message(self, body: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        """What an event callback asks of us: {text, user, channel, thread, reply_thread, team}, or None
        for events that are not an owner's message to the app."""
        event = body.get("event")
        if not isinstance(event, dict) or event.get("bot_id") or event.get("subtype") in IGNORED_SUBTYPES:
            return None
        kind, text = event.get("type"), event.get("text")
        user, channel = event.get("user"), event.get("channel")
        if kind not in ("message", "app_mention") or not all(isinstance(v, str) and v for v in (text, user, channel)):
            return None
        bot_user = next((a.get("user_id") for a in body.get("authorizations") or [] if isinstance(a, dict)), None)
        if kind == "message" and bot_user and f"<@{bot_user}>" in text:
            return None  # the same message comes as app_mention too; that one is answered
        team = body.get("team_id") or event.get("team") or "-"
        thread = event.get("thread_ts")
        if kind == "app_mention":
            thread = thread or event.get("ts")            # answered in the mention's thread
        elif event.get("channel_type") != "im" and not thread:
            return None                                   # channel chatter that is no mention
        return {"text": self._sanitize_user_message(text, [bot_user] if bot_user else []), "user": user,
                "channel": channel, "thread": thread, "team": team, "mention": kind == "app_mention",
                "direct": event.get("channel_type") == "im"}

    @staticmethod
    def _click(payload: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        """What a `block_actions` click answers: {text, echo, user, channel, thread, team, message_ts}."""
        if payload.get("type") != "block_actions" or not payload.get("actions"):
            return None
        answer = blocks.answer_from_action(payload["actions"][0], (payload.get("state") or {}).get("values"))
        user = (payload.get("user") or {}).get("id")
        channel = (payload.get("channel") or {}).get("id") or (payload.get("container") or {}).get("channel_id")
        message = payload.get("message") or {}
        if answer is None or not user or not channel:
            return None
        team = (payload.get("team") or {}).get("id") or (payload.get("user") or {}).get("team_id") or "-"
        return {"text": answer[0], "echo": answer[1], "user": user, "channel": channel, "team": team,
                "thread": message.get("thread_ts"), "message_ts": message.get("ts"),
                "blocks": message.get("blocks") or []}

    # --- the webhook -----------------------------------------------------------------------------------------

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        slack_webhook = Blueprint("reiswijzer_slack_webhook", __name__)

        @slack_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.enabled else "off"})

        @slack_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.enabled:
                return response.text("Slack is not configured on this server.", status=HTTPStatus.NOT_FOUND)
            if not self.is_request_from_slack_authentic(request):
                return response.text("Missing, wrong or stale X-Slack-Signature.", status=HTTPStatus.UNAUTHORIZED)
            content_type = (request.headers.get("content-type") or "").split(";")[0].strip()
            try:
                if content_type == "application/json":
                    return await self._on_event(request, on_new_message)
                if content_type == "application/x-www-form-urlencoded":
                    return await self._on_interaction(request, on_new_message)
            except (ValueError, KeyError, TypeError, AttributeError):
                logger.warning("A signed Slack request could not be read", exc_info=True)
                return response.text("Unreadable request.", status=HTTPStatus.BAD_REQUEST)
            return response.text("Unsupported content type.", status=HTTPStatus.BAD_REQUEST)

        return slack_webhook

    async def _on_event(self, request: Request, on_new_message: Callable) -> HTTPResponse:
        body = json.loads(request.body or b"{}")
        if not isinstance(body, dict):
            raise ValueError("not an object")
        if body.get("type") == "url_verification":
            return response.json({"challenge": body.get("challenge")})
        said = self._event_message(body)
        event_id = body.get("event_id") or (body.get("event") or {}).get("client_msg_id")
        if said is None:
            return response.text("")
        if event_id and not self.seen.first_time(f"event:{event_id}"):
            logger.info("Slack event %s seen before (retry %s): not answered again", event_id,
                        request.headers.get(self.retry_num_header))
            return response.text("", headers={"X-Slack-No-Retry": "1"})
        sender = self.conversation_id(said["team"], said["user"], said["channel"], said["thread"])
        if not said["mention"] and not said["direct"] and not await self._known(request, sender):
            return response.text("")  # a thread the owner never started with us
        self._in_background(self._answer(request, on_new_message, said, sender))
        return response.text("")

    async def _on_interaction(self, request: Request, on_new_message: Callable) -> HTTPResponse:
        payload = json.loads(request.form.get("payload") or "{}")
        if not isinstance(payload, dict):
            raise ValueError("not an object")
        click = self._click(payload)
        if click is None:
            return response.text("")  # a link button (the exports), a change in the menu before submitting
        key = f"click:{click['channel']}:{click['message_ts']}:{payload['actions'][0].get('action_ts')}"
        if not self.seen.first_time(key):
            return response.text("")
        sender = self.conversation_id(click["team"], click["user"], click["channel"], click["thread"])
        self._in_background(self._answer(request, on_new_message, click, sender))
        return response.text("")

    def _in_background(self, work: Awaitable[None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._background_tasks.add(task)
        task.add_done_callback(self._background_tasks.discard)

    @staticmethod
    async def _known(request: Request, sender: str) -> bool:
        agent = getattr(request.app.ctx, "agent", None)
        store = getattr(agent, "tracker_store", None)
        return bool(store) and await store.exists(sender)

    # --- answering -----------------------------------------------------------------------------------------

    async def _answer(self, request: Request, on_new_message: Callable, said: Dict[str, Any], sender: str) -> None:
        """Handles one owner's message or click and posts the reply, all in the background."""
        channel, thread = said["channel"], said["thread"]
        text = said["text"].strip()[:MAX_MESSAGE_CHARS]
        try:
            if said.get("message_ts"):
                await self._show_choice(channel, said["message_ts"], said["blocks"], said["echo"])
            if not text:
                return
            language = await self._builds_journey(request, sender, text)
            if language:
                await self._post(channel, thread, {"text": knowledge.message("slack_working", language)})
            collector = TurnCollector()
            await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(),
                                             metadata={"slack": {"channel": channel, "thread": thread}}))
            base = exports.base_url(request.scheme, request.host)
            for message in turn_messages(collector.messages, sender, base):
                await self._post(channel, thread, message)
        except Exception:  # the owner sees that something went wrong; the conversation is kept
            logger.exception("Answering a Slack message failed")
            await self._post(channel, thread, {"text": knowledge.message("internal_error", "nl")})

    async def _builds_journey(self, request: Request, sender: str, text: str) -> Optional[str]:
        """The conversation's language when this message confirms the summary (the journey is built
        now: "working on it" first), else None."""
        agent = getattr(request.app.ctx, "agent", None)
        if agent is None or not await self._known(request, sender):
            return None
        tracker = await agent.tracker_store.retrieve(sender)
        if tracker is None or tracker.get_slot("interview_state") != "confirming":
            return None
        parsed = await agent.parse_message(text)
        if (parsed.get("intent") or {}).get("name") != "affirm":
            return None
        return tracker.get_slot("language") or "nl"

    async def _post(self, channel: str, thread: Optional[str], message: Dict[str, Any]) -> None:
        try:
            await self.client.chat_postMessage(channel=channel, thread_ts=thread, **message)
        except SlackApiError as error:
            logger.error("Slack refused a message: %s", error.response.get("error") if error.response else error)

    async def _show_choice(self, channel: str, ts: str, old_blocks: List[Dict[str, Any]], echo: str) -> None:
        """The clicked message keeps its text; its buttons make way for the choice."""
        kept = [block for block in old_blocks if isinstance(block, dict) and block.get("type") != "actions"]
        kept.append({"type": "context", "elements": [{"type": "mrkdwn", "text": f"✔ {blocks.escape(echo)}"}]})
        try:
            await self.client.chat_update(channel=channel, ts=ts, blocks=kept, text=echo)
        except SlackApiError as error:
            logger.warning("Could not update the clicked Slack message: %s", error)


class TurnCollector(CollectingOutputChannel):
    """Collects one turn's messages whole (Rasa's collector splits texts at blank lines and drops the
    extra keys), keeping the channel multi-select; named "slack" for channel-specific responses."""

    @classmethod
    def name(cls) -> Text:
        return "slack"

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        kwargs.pop("buttons", None)  # Rasa passes the message's empty `buttons` along
        await self.send_text_with_buttons(recipient_id, text, [], **kwargs)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        message = self._message(recipient_id, text=text, buttons=buttons or None)
        if kwargs.get("multiselect"):
            message["multiselect"] = kwargs["multiselect"]
        await self._persist_message(message)


def turn_messages(messages: List[Dict[str, Any]], sender: str, base_url: str) -> List[Dict[str, Any]]:
    """The bot's messages of one turn as Slack messages: the texts (and the last question's buttons or
    multi-select) in one message; a journey as Block Kit, without its chat texts (the blocks say it)."""
    journey_payloads = [m["custom"]["journey"] for m in messages if journeys.is_journey(m.get("custom"))]
    journey_texts: Set[str] = set()
    for journey in journey_payloads:
        journey_texts.update(text.strip() for text in chat.render(journey))
    out: List[Dict[str, Any]] = []
    texts: List[str] = []

    def flush(buttons: Any = (), multiselect: Any = None) -> None:
        if texts or buttons or multiselect:
            out.append(blocks.question_blocks("\n\n".join(texts), buttons or [], multiselect))
        texts.clear()

    for message in messages:
        custom = message.get("custom")
        if journeys.is_journey(custom):
            flush()
            delivered = journeys.deliver(custom["journey"], sender, base_url, "slack")
            out.extend(blocks.journey_messages(delivered))
            continue
        text = (message.get("text") or "").strip()
        if text and text not in journey_texts:
            texts.append(text)
        if message.get("buttons") or message.get("multiselect"):
            flush(message.get("buttons"), message.get("multiselect"))
    flush()
    return out
