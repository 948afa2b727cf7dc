"""End to end: the widget's socket.io channel on the real servers, spoken to by a socket.io client
(python-socketio, the protocol the widget's socket.io-client speaks): the session is kept across
connections, bad input gets a clear answer, questions carry the progress and the channel checkboxes,
the journey comes with its map, and the static files are served."""
import asyncio
import uuid
from typing import Any, Dict, List, Optional

import pytest
import requests
import socketio

from bot import interview, knowledge
from bot.render import chat
from bot.channels.rest import MAX_MESSAGE_CHARS

WAIT = 20


class WidgetClient:
    """One browser tab's connection: session_request, then user_uttered / bot_uttered."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.sio = socketio.AsyncClient()
        self.received: "asyncio.Queue[Dict[str, Any]]" = asyncio.Queue()
        self.session: Optional[str] = None
        self.sio.on("bot_uttered", self._bot)
        self.sio.on("session_confirm", self._confirmed)
        self._confirm: Optional[asyncio.Future] = None

    async def _bot(self, data: Dict[str, Any]) -> None:
        await self.received.put(data)

    async def _confirmed(self, data: Any) -> None:
        self._confirm.set_result(data)

    async def connect(self, session: Optional[str] = None) -> str:
        self._confirm = asyncio.get_running_loop().create_future()
        # polling: the websocket transport of this python-socketio needs a newer aiohttp than Rasa pins
        await self.sio.connect(self.url, socketio_path="/webchat/socket.io", transports=["polling"])
        await self.sio.emit("session_request", {"session_id": session})
        self.session = await asyncio.wait_for(self._confirm, WAIT)
        return self.session

    async def emit(self, payload: Any) -> None:
        await self.sio.emit("user_uttered", payload)

    async def say(self, text: Any, metadata: Optional[Dict[str, Any]] = None, until: Optional[str] = None,
                  quiet: float = 1.5) -> List[Dict[str, Any]]:
        """Sends `text` and collects the replies: until one holds `until`, else until `quiet` s pass."""
        await self.emit({"message": text, "session_id": self.session, "metadata": metadata or {}})
        return await self.replies(until, quiet)

    async def replies(self, until: Optional[str] = None, quiet: float = 1.5) -> List[Dict[str, Any]]:
        got: List[Dict[str, Any]] = []
        while True:
            try:
                got.append(await asyncio.wait_for(self.received.get(), WAIT if until else quiet))
            except asyncio.TimeoutError:
                if until:
                    raise AssertionError(f"no reply with {until!r}: {got}")
                return got
            if until and any(until in (m.get("text") or "") or (until == "journey" and "custom" in m) for m in got):
                return got

    async def close(self) -> None:
        await self.sio.disconnect()


def question(slot: str, language: str = "nl") -> str:
    return interview.question(slot, language)["text"].split("{")[0].split("\n")[0].strip()


def run(coroutine):
    return asyncio.run(coroutine)


def test_a_conversation_continues_on_a_new_connection_with_the_same_session(rasa_servers):
    async def scenario():
        first = WidgetClient(rasa_servers.url)
        session = await first.connect()
        replies = await first.say("ik wil mijn klantreis in kaart brengen", until=question("business_name"))
        asked = [m for m in replies if question("business_name") in (m.get("text") or "")][0]
        assert asked["progress"] == {"step": 1, "of": 10}
        await first.close()
        again = WidgetClient(rasa_servers.url)   # a reload: a new socket, the stored session id
        assert await again.connect(session) == session
        replies = await again.say("Bakkerij Vers", until=question("offering"))
        assert any(m.get("progress") == {"step": 2, "of": 10} for m in replies)
        await again.close()
    run(scenario())


def test_bad_input_gets_a_clear_answer_and_loses_nothing(rasa_servers):
    async def scenario():
        client = WidgetClient(rasa_servers.url)
        await client.connect()
        await client.say("ik wil mijn klantreis in kaart brengen", until=question("business_name"))
        (empty,) = await client.say("   ")
        assert empty["text"] == knowledge.message("empty_message", "nl")
        await client.emit("not an object")
        (garbled,) = await client.replies()
        assert garbled["error"] is True and garbled["text"] == knowledge.message("webchat_bad_message", "nl")
        await client.emit({"message": 42, "session_id": client.session})
        assert (await client.replies())[0]["text"] == knowledge.message("empty_message", "nl")
        await client.emit({"message": "hoi", "session_id": ["not", "a", "string"]})
        assert (await client.replies())[0]["error"] is True
        huge = await client.say("Bakkerij " + "x" * (MAX_MESSAGE_CHARS * 5), until=question("offering"))
        assert huge[0]["text"] == knowledge.message("message_too_long", "nl", limit=MAX_MESSAGE_CHARS)
        # the interview went on: the name (cut to its length limit) was the answer, nothing was lost
        replies = await client.say("brood en gebak", until=question("market"))
        assert any(m.get("quick_replies") for m in replies)
        await client.close()
    run(scenario())


def test_the_channel_question_offers_checkboxes_and_their_answer_is_the_whole_list(rasa_servers):
    async def scenario():
        client = WidgetClient(rasa_servers.url)
        await client.connect()
        answers = ["Wij verkopen taarten via onze winkel en Facebook", "Taartenhuis Zoet", "particulieren",
                   "gezinnen", "€ 30", "eens per maand"]
        await client.say(answers[0], until=question("business_name"))
        for answer in answers[1:]:
            await client.say(answer, quiet=2)
        replies = await client.say("een paar dagen", until="Facebook")
        (asked,) = [m for m in replies if "multiselect" in m]
        ticked = [o["value"] for o in asked["multiselect"]["options"] if o["checked"]]
        assert ticked == ["store", "facebook"]
        # the question's own "that's all" buttons are named, so ticking and then clicking one sends the boxes
        assert asked["multiselect"]["done_payloads"] == [b["payload"] for b in asked["quick_replies"]] != []
        assert asked["language"] == "nl" and asked["progress"] == interview.progress("channels")
        # unticking Facebook and ticking Instagram: exactly that list, and no "any other channels?"
        await client.say('/select_channels{"channel": ["store", "instagram"]}', until=question("goal"))
        await client.say("vaste klanten", until=question("pain_points"))
        replies = await client.say("geen", until=knowledge.message("summary_intro", "nl"))
        summary = next(m["text"] for m in replies if knowledge.message("summary_intro", "nl") in m.get("text", ""))
        assert "Instagram" in summary and "Facebook" not in summary
        replies = await client.say("ja", until="journey")
        (payload,) = [m["custom"] for m in replies if "custom" in m]
        assert payload["journey"]["profile"]["channels"] == ["store", "instagram"]
        # the map shows the stages and the warnings: their chat texts are not sent here (REST has them)
        texts = [m["text"] for m in replies if m.get("text")]
        parts = chat.render_parts(payload["journey"])
        kept = [text for part, text in parts if part not in ("stage", "warnings")]
        assert len(kept) >= 2 and texts[-len(kept):] == kept
        assert not [text for part, text in parts if part in ("stage", "warnings") and text in texts]
        assert payload["map_html"].startswith('<section class="rw-map') and "Taartenhuis Zoet" in payload["map_html"]
        assert set(payload["journey"]["exports"]) == {"html", "pdf", "md", "json"}
        await client.close()
    run(scenario())


@pytest.mark.parametrize("path, kind", [("/webchat", "text/html"), ("/webchat/widget.js", "application/javascript"),
                                        ("/webchat/widget.css", "text/css"), ("/webchat/map.css", "text/css"),
                                        ("/webchat/socket.io.min.js", "application/javascript")])
def test_the_widget_files_are_served_by_the_assistant_itself(rasa_servers, path, kind):
    reply = requests.get(rasa_servers.url + path, timeout=30)
    assert reply.status_code == 200 and reply.headers["Content-Type"].startswith(kind)
    if path.endswith(".js") or path.endswith(".css"):
        assert reply.headers["Access-Control-Allow-Origin"] == "*"   # any site may embed the widget
    if path == "/webchat/widget.js":
        assert "REISWIJZER_STRINGS" not in reply.text   # the UI texts were put in
        assert knowledge.load("widget")["welcome_start"]["nl"] in reply.text


def test_a_page_on_another_site_may_open_the_socket(rasa_servers):
    reply = requests.get(f"{rasa_servers.url}/webchat/socket.io/?EIO=4&transport=polling",
                         headers={"Origin": "https://bakkerij.example"}, timeout=30)
    assert reply.status_code == 200
    assert reply.headers.get("Access-Control-Allow-Origin") == "https://bakkerij.example"


def test_a_session_id_is_made_when_the_client_has_none(rasa_servers):
    async def scenario():
        client = WidgetClient(rasa_servers.url)
        session = await client.connect(None)
        assert isinstance(session, str) and len(session) == 32 and session != uuid.UUID(int=0).hex
        await client.close()
    run(scenario())
