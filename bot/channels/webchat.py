"""The web widget's channel: the chat page at `/webchat`, the embeddable `/webchat/widget.js`, and Rasa's
socket.io channel at `/webchat/socket.io/` with input checks and journey-aware output.

Listed in credentials.yml as `bot.channels.webchat.WebChatInput`. The front-end files live beside this
module in `web/` (widget.js, widget.css, page.html); the UI strings in `bot/knowledge/widget.yml` are put
into widget.js as it is served; socket.io-client comes from npm (package.json, installed by the Makefile)
and is served from this server, so the browser fetches nothing from anywhere else.

The socket.io protocol is Rasa's (`session_request` → `session_confirm`, `user_uttered` → `bot_uttered`,
`session_persistence: true`: the widget keeps its session id in localStorage, so a reload continues the
conversation), and bot messages are shaped for the widget:
- `{"text", "quick_replies": [{title, payload}]}` as Rasa's own socket.io channel sends them, plus the
  extra keys the actions add for this channel (REST drops them): `progress` {step, of} for the onboarding
  progress bar, `multiselect` for the channel checkboxes and `language` (nl/en, on the questions) so the
  widget's own texts follow the language the interview is held in;
- a journey's chat texts for the stages and the warnings are not sent: the map shows them (the intro,
  the notes and the closing words are);
- a journey as `{"custom": {"journey": {...with export links}, "map_html": the map}}`: the map is rendered
  here by bot/render/html.py, so the browser computes no advice; Rasa's channel would crash on it
  (`sio.emit(event, **json_message)`).
- `{"text", "error": true}` for a message that could not be handled.
"""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Optional, Text
from urllib.parse import urlsplit

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot import knowledge
from bot.channels import exports, journeys
from bot.channels.rest import MAX_MESSAGE_CHARS, MAX_SENDER_CHARS, portal_ref_of
from bot.render import html

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
WEB_DIR = Path(__file__).with_name("web")
SOCKET_IO_CLIENT = ROOT / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"
STRINGS_TOKEN = "/*REISWIJZER_STRINGS*/{}"
PREFIX = "/webchat"
LANGUAGES = ("nl", "en")


def widget_script() -> str:
    """widget.js with the UI strings (bot/knowledge/widget.yml) put in."""
    script = (WEB_DIR / "widget.js").read_text(encoding="utf-8")
    strings = json.dumps(knowledge.load("widget"), ensure_ascii=False)
    return script.replace(STRINGS_TOKEN, strings, 1)


def ui_language(metadata: Dict[str, Any]) -> str:
    lang = metadata.get("ui_language")
    return lang if lang in LANGUAGES else "nl"


def _base_url(environ: Dict[str, Any]) -> str:
    scheme = urlsplit(environ.get("RAW_URI") or "").scheme
    scheme = {"ws": "http", "wss": "https"}.get(scheme, scheme) or "http"
    return exports.base_url(scheme, environ.get("HTTP_HOST"))


class WebChatOutput(OutputChannel):
    """Sends bot messages to the widget's session room, shaped as the module docstring says."""

    EXTRA_KEYS = ("progress", "multiselect", "language")
    MAP_PARTS = ("stage", "warnings")  # a journey's chat texts that the map card shows

    def __init__(self, sio: AsyncServer, event: str, base_url: str, portal_ref: Optional[str]) -> None:
        self.sio = sio
        self.event = event
        self.base_url = base_url
        self.portal_ref = portal_ref

    @classmethod
    def name(cls) -> Text:
        return "webchat"

    async def _emit(self, room: str, message: Dict[str, Any]) -> None:
        await self.sio.emit(self.event, message, room=room)

    def _extras(self, kwargs: Dict[str, Any]) -> Dict[str, Any]:
        return {key: kwargs[key] for key in self.EXTRA_KEYS if kwargs.get(key)}

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        if kwargs.get("journey_part") in self.MAP_PARTS:
            return
        await self._emit(recipient_id, {"text": text, **self._extras(kwargs)})

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: Any, **kwargs: Any) -> None:
        replies = [{"title": button.get("title", ""), "payload": button.get("payload", "")} for button in buttons]
        await self._emit(recipient_id, {"text": text, "quick_replies": replies, **self._extras(kwargs)})

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        if journeys.is_journey(json_message):
            journey = journeys.deliver(json_message["journey"], recipient_id, self.base_url, self.name(),
                                       self.portal_ref)
            json_message = {**json_message, "journey": journey, "map_html": html.fragment(journey)}
        await self._emit(recipient_id, {"custom": json_message})

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self._emit(recipient_id, {"attachment": {"type": "image", "payload": {"src": image}}})

    async def send_attachment(self, recipient_id: Text, attachment: Any, **kwargs: Any) -> None:
        await self._emit(recipient_id, {"attachment": attachment})


class WebChatInput(InputChannel):
    """The web widget: page, script, styles and Rasa's socket.io protocol under /webchat."""

    @classmethod
    def name(cls) -> Text:
        return "webchat"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        origins = credentials.get("cors_allowed_origins", "*")
        return cls(cors_allowed_origins=origins)

    def __init__(self, cors_allowed_origins: Any = "*") -> None:
        # the widget is made to be embedded on the owner's own site: by default any origin may connect
        self.cors_allowed_origins = cors_allowed_origins
        self.sio: Optional[AsyncServer] = None

    def url_prefix(self) -> Text:
        return PREFIX  # absolute: Rasa joins it onto /webhooks/, which an absolute path replaces

    def get_output_channel(self) -> Optional[OutputChannel]:
        if self.sio is None:
            return None
        return WebChatOutput(self.sio, "bot_uttered", exports.base_url("http", None), None)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> SocketBlueprint:
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=self.cors_allowed_origins)
        self.sio = sio
        web = SocketBlueprint(sio, f"{PREFIX}/socket.io", "reiswijzer_webchat", url_prefix=PREFIX)
        static_headers = {"Access-Control-Allow-Origin": "*", "Cache-Control": "no-cache",
                          "X-Content-Type-Options": "nosniff"}

        @web.route("/", methods=["GET"])
        async def page(request: Request) -> HTTPResponse:
            return response.html((WEB_DIR / "page.html").read_text(encoding="utf-8"),
                                 headers={"Cache-Control": "no-cache"})

        @web.route("/widget.js", methods=["GET"])
        async def script(request: Request) -> HTTPResponse:
            return response.text(widget_script(), content_type="application/javascript; charset=utf-8",
                                 headers=static_headers)

        @web.route("/widget.css", methods=["GET"])
        async def widget_css(request: Request) -> HTTPResponse:
            return response.text((WEB_DIR / "widget.css").read_text(encoding="utf-8"),
                                 content_type="text/css; charset=utf-8", headers=static_headers)

        @web.route("/map.css", methods=["GET"])
        async def map_css(request: Request) -> HTTPResponse:
            return response.text(html.stylesheet(), content_type="text/css; charset=utf-8", headers=static_headers)

        @web.route("/socket.io.min.js", methods=["GET"])
        async def socket_client(request: Request) -> HTTPResponse:
            if not SOCKET_IO_CLIENT.exists():
                return response.text("socket.io-client is not installed: run `make run` (it runs `npm ci`).\n",
                                     status=503)
            return response.text(SOCKET_IO_CLIENT.read_text(encoding="utf-8"),
                                 content_type="application/javascript; charset=utf-8", headers=static_headers)

        @sio.on("session_request")
        async def session_request(sid: Text, data: Any) -> None:
            wanted = data.get("session_id") if isinstance(data, dict) else None
            session_id = wanted if _valid_session(wanted) else os.urandom(16).hex()
            await sio.enter_room(sid, session_id)
            await sio.emit("session_confirm", session_id, room=sid)

        @sio.on("user_uttered")
        async def handle_message(sid: Text, data: Any) -> None:
            if not isinstance(data, dict) or not _valid_session(data.get("session_id")):
                await sio.emit("bot_uttered", {"text": knowledge.message("webchat_bad_message", "nl"),
                                               "error": True}, room=sid)
                return
            session_id = data["session_id"]
            metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
            lang = ui_language(metadata)
            text = data.get("message")
            await sio.enter_room(sid, session_id)  # replies go to every tab of this session
            if not isinstance(text, str) or not text.strip():
                await sio.emit("bot_uttered", {"text": knowledge.message("empty_message", lang)}, room=sid)
                return
            text = text.strip()
            if len(text) > MAX_MESSAGE_CHARS:
                text = text[:MAX_MESSAGE_CHARS]
                await sio.emit("bot_uttered", {"text": knowledge.message(
                    "message_too_long", lang, limit=MAX_MESSAGE_CHARS)}, room=sid)
            output = WebChatOutput(sio, "bot_uttered", _base_url(sio.get_environ(sid) or {}),
                                   portal_ref_of(metadata))
            try:
                await on_new_message(UserMessage(text, output, session_id, input_channel=self.name(),
                                                 metadata=metadata))
            except Exception:  # the conversation is kept; the widget says something went wrong
                logger.exception("Handling a web chat message failed")
                await sio.emit("bot_uttered", {"text": knowledge.message("internal_error", lang), "error": True},
                               room=sid)

        return web


def _valid_session(session_id: Any) -> bool:
    return isinstance(session_id, str) and 0 < len(session_id) <= MAX_SENDER_CHARS and session_id.strip() == session_id
