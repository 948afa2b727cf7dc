"""The web widget in a real browser (Debian's Chromium driven by Playwright) against the real Rasa and
action servers: a Dutch interview in the full-page chat, typed and clicked, ending in the map (five
columns and the emotion curve), a reload that keeps the conversation, every export downloaded from the
map, the one-tag embed on a plain page of another origin, and the onboarding mode with a portal's
prefill, the progress indicator, the `reiswijzer:journey` DOM event and the signed webhook.

Screenshots (the widget, the map on a desktop and on a 360 px phone, the PDF's first page) are saved
in var/screenshots/ as artifacts; the README shows copies from docs/screenshots/.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
import uuid
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, List

import jsonschema
import pytest
import requests

from bot import interview, knowledge
from bot.channels import webhook
from bot.render import chat as chat_render
from tests.e2e import WEBHOOK_SECRET

playwright_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "var" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
# as the machine's probe starts it: without the background-networking flags Chromium keeps dialling
# Google's hosts, which this closed network refuses
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]
HOSTILE = "<script>alert(1)</script>"
BAKERY_NAME = "Bakkerij De Korenschoof"
REPLY_SECONDS = 30
SHOW_MAP = "el => el.scrollIntoView({block: 'start'})"


def install_debian(binary: str, package: str) -> None:
    """The set-up installs what is missing (Debian's chromium, poppler-utils for the PDF screenshot)."""
    if shutil.which(binary):
        return
    result = subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", package],
                            capture_output=True, text=True, timeout=900)
    if result.returncode != 0 or not shutil.which(binary):
        pytest.fail(f"{package} is missing and `apt-get install {package}` failed (run as root with Debian's "
                    f"package sources reachable):\n{result.stdout[-1500:]}{result.stderr[-1500:]}")


@pytest.fixture(scope="module")
def browser():
    # module scope: Playwright's sync API keeps an event loop running while it is open, and later suites
    # (asyncio.run in the action tests) need none
    install_debian(str(CHROMIUM), "chromium")
    install_debian("pdftoppm", "poppler-utils")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Chat:
    """A page with the widget, and an owner who types and clicks in it. Every dialog is recorded (and
    dismissed): an owner's text must never open one."""

    def __init__(self, page) -> None:
        self.page = page
        self.dialogs: List[str] = []
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))

    def bot_texts(self) -> str:
        return "\n".join(self.page.locator(".rw-row.rw-bot .rw-text").all_inner_texts())

    def wait_for(self, text: str, count: int = 1) -> None:
        """Until the bot has said `text` at least `count` times."""
        deadline = time.time() + REPLY_SECONDS
        while self.bot_texts().count(text) < count:
            if time.time() > deadline:
                raise AssertionError(f"the bot did not say {text!r}; it said:\n{self.bot_texts()[-1500:]}")
            time.sleep(0.1)

    def expect_reply(self, send, text: str) -> None:
        """Does `send()`, then waits for the bot to say `text` once more."""
        before = self.bot_texts().count(text)
        send()
        self.wait_for(text, before + 1)

    def type(self, answer: str, then: str) -> None:
        self.page.locator(".rw-send:enabled").wait_for(timeout=REPLY_SECONDS * 1000)  # connected: Enter sends
        box = self.page.locator(".rw-input")
        self.expect_reply(lambda: (box.fill(answer), box.press("Enter")), then)

    def click(self, title: str, then: str) -> None:
        self.expect_reply(lambda: self.page.locator(".rw-chip:enabled", has_text=title).last.click(), then)


def question(slot: str, language: str = "nl") -> str:
    """How the rule base words the question (its first line, before any {placeholder})."""
    return interview.question(slot, language)["text"].split("{")[0].split("\n")[0].strip()


def button(slot: str, payload: str, language: str = "nl") -> str:
    return next(b["title"] for b in interview.question(slot, language)["buttons"] if b["payload"] == payload)


def channel_title(channel: str) -> str:
    (option,) = [o for o in interview.channel_choices("channels", "nl")["options"] if o["value"] == channel]
    return option["title"]


def dutch_bakery_interview(chat: Chat, name: str) -> None:
    """From the first question to the map, typing the free answers and clicking the closed ones."""
    chat.type(name, question("offering"))
    chat.type("brood en gebak", question("market"))
    chat.click(button("market", "particulieren"), question("audience"))
    chat.type("mensen uit de buurt", question("price"))
    chat.type("€ 3", question("purchase_frequency"))
    chat.click(button("purchase_frequency", "elke dag"), question("decision_time"))
    chat.click(button("decision_time", "meteen"), question("channels"))
    for channel in ("store", "instagram"):
        chat.page.get_by_role("checkbox", name=channel_title(channel), exact=True).check()
    submit = knowledge.message("multiselect_submit", "nl")
    chat.expect_reply(lambda: chat.page.get_by_role("button", name=submit, exact=True).last.click(), question("goal"))
    chat.click(button("goal", "vaste klanten"), question("pain_points"))
    chat.type("klanten vinden ons niet op google", knowledge.message("summary_intro", "nl").split("{")[0].strip())
    chat.page.locator(".rw-chip:enabled", has_text=knowledge.message("summary_confirm", "nl")).last.click()
    chat.page.locator(".rw-map .rw-stage").first.wait_for(timeout=REPLY_SECONDS * 1000)


@pytest.fixture(scope="module")
def finished(browser, rasa_servers):
    """One Dutch interview in the full-page chat, finished: (chat, context)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    chat = Chat(context.new_page())
    chat.page.goto(f"{rasa_servers.url}/webchat")
    chat.click(knowledge.load("widget")["welcome_start"]["nl"], question("business_name"))
    chat.page.screenshot(path=str(SHOTS / "widget-page.png"))
    dutch_bakery_interview(chat, name=BAKERY_NAME)
    yield chat, context
    context.close()


def test_a_dutch_interview_typed_and_clicked_ends_in_a_map_with_five_columns_and_the_curve(finished):
    chat, _ = finished
    page = chat.page
    assert page.locator(".rw-map .rw-stage").count() == 5
    assert page.locator(".rw-map svg.rw-curve .rw-dot").count() == 5
    names = page.locator(".rw-map .rw-stage h3").all_inner_texts()
    assert [name.split(" ", 1)[1] for name in names] == \
        [knowledge.text(s["name"], "nl") for s in knowledge.load("stage_models")["models"]["five_phase"]["stages"]]
    assert BAKERY_NAME in page.locator(".rw-map h2").inner_text()
    page.locator(".rw-journey").last.evaluate(SHOW_MAP)
    page.screenshot(path=str(SHOTS / "map-desktop.png"))
    page.set_viewport_size({"width": 360, "height": 740})
    page.locator(".rw-journey").last.evaluate(SHOW_MAP)
    page.screenshot(path=str(SHOTS / "map-360.png"))
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360  # no sideways page scroll
    page.set_viewport_size({"width": 1280, "height": 800})
    assert chat.dialogs == []


def test_a_business_named_script_shows_as_text_everywhere_and_nothing_runs(browser, rasa_servers):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    chat = Chat(context.new_page())
    chat.page.goto(f"{rasa_servers.url}/webchat")
    chat.click(knowledge.load("widget")["welcome_start"]["nl"], question("business_name"))
    dutch_bakery_interview(chat, name=HOSTILE)
    page = chat.page
    assert HOSTILE in page.locator(".rw-log").inner_text()           # in the chat (summary, map)
    assert HOSTILE in page.locator(".rw-map h2").inner_text()
    assert page.evaluate("() => document.querySelectorAll('script:not([src])').length") == 0
    page.reload()                                                     # replayed from the transcript
    page.locator(".rw-map h2").last.wait_for()
    assert HOSTILE in page.locator(".rw-map h2").last.inner_text()
    with context.expect_page() as opened:                             # the HTML export
        page.locator(".rw-journey a", has_text=knowledge.load("widget")["export_page"]["nl"]).last.click()
    export = opened.value
    export.wait_for_load_state()
    assert HOSTILE in export.locator("h2").first.inner_text()
    export.close()
    assert chat.dialogs == []
    context.close()


def test_enter_pressed_while_still_connecting_sends_the_message_once_connected(browser, rasa_servers):
    """A flaky network: the first socket.io requests fail, the owner types and presses Enter before the
    client has reconnected; the text stays in the box and goes out when the session is confirmed."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    held = []

    def fail_the_first(route):
        if len(held) < 2:
            held.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/socket.io/**", fail_the_first)
    chat = Chat(page)
    page.goto(f"{rasa_servers.url}/webchat")
    box = page.locator(".rw-input")
    box.wait_for()
    assert not page.locator(".rw-send").is_enabled()                  # not connected yet
    chat.expect_reply(lambda: (box.fill("kun je me helpen met mijn klantreis?"), box.press("Enter")),
                      question("business_name"))
    assert held and "kun je me helpen" in page.locator(".rw-row.rw-user").first.inner_text()
    assert box.input_value() == ""
    context.close()


def test_a_reload_keeps_the_conversation_and_the_map(finished, rasa_servers):
    chat, _ = finished
    session = chat.page.evaluate("() => window.Reiswijzer.sessionId()")
    chat.page.reload()
    chat.page.locator(".rw-map .rw-stage").first.wait_for(timeout=10000)
    assert chat.page.locator(".rw-map .rw-stage").count() == 5
    assert question("market") in chat.bot_texts() and BAKERY_NAME in chat.page.locator(".rw-log").inner_text()
    assert chat.page.evaluate("() => window.Reiswijzer.sessionId()") == session
    # a long conversation opens at its end, where the owner left it, not at its top
    scroller = chat.page.locator(".rw-scroller")
    deadline = time.time() + 5
    while scroller.evaluate("s => s.scrollHeight - s.scrollTop - s.clientHeight") > 100 and time.time() < deadline:
        time.sleep(0.1)
    assert scroller.evaluate("s => s.scrollHeight > 2 * s.clientHeight && s.scrollHeight - s.scrollTop - s.clientHeight < 100")
    # the server continues the same conversation: a follow-up is answered from this journey
    chat.type("wat moet ik eerst doen?", knowledge.message("priorities_header", "nl"))
    assert chat.dialogs == []


def test_every_export_downloads_from_the_map(finished, journey_schema):
    chat, context = finished
    page = chat.page
    files: Dict[str, bytes] = {}
    for fmt in ("pdf", "md", "json"):
        link = page.locator(f".rw-journey a.rw-download[href$='/{fmt}']").last
        with page.expect_download() as download:
            link.click()
        files[fmt] = Path(download.value.path()).read_bytes()
        assert download.value.suggested_filename.endswith(f".{fmt}")
    assert files["pdf"].startswith(b"%PDF")
    journey = json.loads(files["json"])
    jsonschema.validate(journey, journey_schema)
    assert journey["profile"]["business_name"] == BAKERY_NAME
    assert BAKERY_NAME in files["md"].decode("utf-8")
    with context.expect_page() as opened:
        page.locator(".rw-journey a", has_text=knowledge.load("widget")["export_page"]["nl"]).last.click()
    export = opened.value
    export.wait_for_load_state()
    assert BAKERY_NAME in export.locator("h2").first.inner_text() and export.locator(".rw-stage").count() == 5
    export.screenshot(path=str(SHOTS / "export-html.png"), full_page=True)
    export.close()
    assert chat.dialogs == []
    pdf = SHOTS / "export.pdf"
    pdf.write_bytes(files["pdf"])
    subprocess.run(["pdftoppm", "-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(SHOTS / "pdf-page1")], check=True, timeout=120)
    assert (SHOTS / "pdf-page1.png").stat().st_size > 10_000


class Site:
    """A plain web site on another origin (loopback), serving the pages a test writes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        handler = partial(SimpleHTTPRequestHandler, directory=str(folder))
        handler.log_message = lambda *args: None
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def page(self, name: str, snippet: str) -> str:
        (self.folder / name).write_text(
            f"<!doctype html><html><head><meta charset='utf-8'><title>Bakkerij Test</title>"
            f"<style>body{{font-family:serif}} div,button,section{{color:red;border:3px solid red}}</style></head>"
            f"<body><h1>Onze bakkerij</h1><p>Welkom op onze site.</p>{snippet}</body></html>", encoding="utf-8")
        return f"{self.url}/{name}"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    made = Site(tmp_path_factory.mktemp("site"))
    yield made
    made.server.shutdown()


def readme_snippet() -> str:
    """The embed snippet exactly as the README shows it (with the test server's address)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return next(line for line in readme.splitlines() if line.startswith("<script src=") and "widget.js" in line)


def test_the_readme_snippet_on_a_plain_page_gives_a_bubble_that_chats(browser, rasa_servers, site):
    snippet = readme_snippet().replace("https://reiswijzer.example.nl", rasa_servers.url)
    assert rasa_servers.url in snippet, "the README's snippet should use https://reiswijzer.example.nl"
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    chat = Chat(context.new_page())
    chat.page.goto(site.page("embed.html", snippet))
    bubble = chat.page.locator(".rw-launcher")
    bubble.wait_for()
    # keyboard only: Tab to the bubble, Enter opens it, the input has the focus, Enter sends
    for _ in range(10):
        chat.page.keyboard.press("Tab")
        if chat.page.evaluate("() => document.activeElement && document.activeElement.tagName") == "REISWIJZER-CHAT":
            break
    chat.page.keyboard.press("Enter")
    chat.page.locator(".rw-input").wait_for()
    chat.page.keyboard.type("ik wil mijn klantreis in kaart brengen")
    chat.expect_reply(lambda: chat.page.keyboard.press("Enter"), question("business_name"))
    chat.type("Bakkerij Test", question("offering"))
    chat.page.screenshot(path=str(SHOTS / "widget-bubble.png"))
    assert chat.page.locator("h1").inner_text() == "Onze bakkerij"   # the host page is untouched
    chat.page.keyboard.press("Escape")   # closes the panel and gives the focus back to the bubble
    assert bubble.get_attribute("aria-expanded") == "false"
    assert chat.page.evaluate("() => document.activeElement.shadowRoot.activeElement.className") == "rw-launcher"
    context.close()


def test_onboarding_takes_the_portals_answers_shows_progress_and_hands_the_journey_back(browser, rasa_servers,
                                                                                       site, journey_schema):
    ref = "account-" + uuid.uuid4().hex[:8]
    snippet = (f'<script src="{rasa_servers.url}/webchat/widget.js" data-lang="nl" data-mode="onboarding" '
               f'data-business-name="Bakkerij Korenbloem" data-website="https://korenbloem.example" '
               f'data-portal-ref="{ref}"></script>'
               "<script>document.addEventListener('reiswijzer:journey', e => { window.__journey = e.detail; });"
               "</script>")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    chat = Chat(context.new_page())
    chat.page.goto(site.page("onboarding.html", snippet))
    # opens by itself and starts at the second question: the name came from the portal, and is said back
    chat.wait_for(question("offering"))
    assert "Bakkerij Korenbloem" in chat.bot_texts() and question("business_name") not in chat.bot_texts()
    progress = chat.page.locator(".rw-progress-text")
    assert progress.inner_text() == knowledge.load("widget")["progress"]["nl"].format(step=2, of=10)
    chat.type("brood en gebak", question("market"))
    assert progress.inner_text() == knowledge.load("widget")["progress"]["nl"].format(step=3, of=10)
    # the portal's script hands over one more answer: that question is not asked
    chat.page.evaluate("() => window.Reiswijzer.prefill({audience: 'gezinnen uit de wijk'})")
    chat.click(button("market", "particulieren"), question("price"))
    assert question("audience") not in chat.bot_texts()
    chat.type("€ 3", question("purchase_frequency"))
    chat.click(button("purchase_frequency", "elke dag"), question("decision_time"))
    noted = interview.question("channels", "nl", candidates=["website"])["text"]   # "Je noemde website al ..."
    chat.click(button("decision_time", "meteen"), noted)
    website = chat.page.get_by_role("checkbox", name=channel_title("website"), exact=True)
    assert website.is_checked()   # the portal's website, ticked
    submit = knowledge.message("multiselect_submit", "nl")
    chat.expect_reply(lambda: chat.page.get_by_role("button", name=submit, exact=True).last.click(), question("goal"))
    chat.click(button("goal", "vaste klanten"), question("pain_points"))
    chat.type("geen", knowledge.message("summary_intro", "nl").split("{")[0].strip())
    chat.page.locator(".rw-chip:enabled", has_text=knowledge.message("summary_confirm", "nl")).last.click()
    chat.page.wait_for_function("() => window.__journey", timeout=REPLY_SECONDS * 1000)
    detail = chat.page.evaluate("() => window.__journey")
    jsonschema.validate(detail["journey"], journey_schema)
    assert detail["journey"]["profile"]["business_name"] == "Bakkerij Korenbloem"
    assert detail["journey"]["profile"]["audience"] == "gezinnen uit de wijk"
    assert detail["journey"]["profile"]["channels"] == ["website"]
    assert detail["sessionId"] == chat.page.evaluate("() => window.Reiswijzer.sessionId()")
    (headers, body), = rasa_servers.portal.journeys_for(detail["sessionId"])
    assert webhook.verify(WEBHOOK_SECRET, headers[webhook.TIMESTAMP_HEADER], body, headers[webhook.SIGNATURE_HEADER])
    sent = json.loads(body)
    assert sent["portal_ref"] == ref and sent["channel"] == "webchat" and sent["journey"] == detail["journey"]
    assert requests.get(sent["journey"]["exports"]["json"], timeout=30).json() == detail["journey"]
    context.close()


def test_the_full_page_in_onboarding_mode_opens_on_the_first_question_in_english(browser, rasa_servers):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    chat = Chat(context.new_page())
    chat.page.goto(f"{rasa_servers.url}/webchat?mode=onboarding&lang=en")
    chat.wait_for(question("business_name", "en"))   # no typing: the interview started by itself
    assert chat.page.locator(".rw-progress-text").inner_text() == \
        knowledge.load("widget")["progress"]["en"].format(step=1, of=10)
    assert chat.page.locator(".rw-input").get_attribute("placeholder") == \
        knowledge.load("widget")["input_placeholder"]["en"]
    context.close()


def test_an_english_owner_on_a_dutch_page_ticks_boxes_then_thats_all_and_corrects_the_journey(browser, rasa_servers):
    widget = knowledge.load("widget")
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    chat = Chat(context.new_page())
    page = chat.page
    page.goto(f"{rasa_servers.url}/webchat")                      # a Dutch page: Dutch labels
    assert page.locator(".rw-input").get_attribute("placeholder") == widget["input_placeholder"]["nl"]
    chat.type("Hi, I run a bike repair shop and customers find us on Instagram", question("business_name", "en"))
    # the interview is held in English, so the widget's own words follow it
    assert page.locator(".rw-input").get_attribute("placeholder") == widget["input_placeholder"]["en"]
    assert page.locator(".rw-progress-text").inner_text() == widget["progress"]["en"].format(step=1, of=10)
    assert page.locator(".rw-new").get_attribute("title") == widget["new_conversation"]["en"]
    chat.type("Spokes and Co", question("market", "en"))
    chat.type("consumers", question("audience", "en"))
    chat.type("cyclists in the city", question("price", "en"))
    chat.type("about 60 euros", question("purchase_frequency", "en"))
    chat.type("once a year", question("decision_time", "en"))
    chat.type("a few days", interview.question("channels", "en", candidates=["instagram"])["text"])
    # Instagram is ticked already; the owner ticks their shop too and then clicks "That's all"
    (store,) = [o["title"] for o in interview.channel_choices("channels", "en")["options"] if o["value"] == "store"]
    page.get_by_role("checkbox", name=store, exact=True).check()
    thats_all = interview.question("channels", "en", candidates=["instagram"])["buttons"][0]["title"]
    before = chat.bot_texts()
    page.locator(".rw-chip:enabled", has_text=thats_all).last.click()
    goal, kind = question("goal", "en"), question("business_type", "en")
    deadline = time.time() + REPLY_SECONDS
    while chat.bot_texts().count(goal) + chat.bot_texts().count(kind) <= before.count(goal) + before.count(kind):
        assert time.time() < deadline, chat.bot_texts()[-800:]
        time.sleep(0.1)
    # the boxes were sent, not the bare "That's all"
    answer = page.locator(".rw-row.rw-user .rw-text").last.inner_text()
    assert "Instagram" in answer and store in answer
    if chat.bot_texts().count(kind) > before.count(kind):       # the rules were unsure of the kind of business
        chat.click(interview.question("business_type", "en")["buttons"][0]["title"], goal)
    chat.type("loyal customers", question("pain_points", "en"))
    chat.type("people don't know we also sell bikes", knowledge.message("summary_intro", "en"))
    assert store.lower() in chat.bot_texts().split(knowledge.message("summary_intro", "en"))[-1].lower()
    page.locator(".rw-chip:enabled", has_text=knowledge.message("summary_confirm", "en")).last.click()
    page.locator(".rw-map .rw-stage").first.wait_for(timeout=REPLY_SECONDS * 1000)
    first_pdf = page.locator(".rw-journey a.rw-download[href$='/pdf']").last.get_attribute("href")
    # the stages are in the map: the chat does not repeat them as text, but introduces the map
    journey = requests.get(first_pdf[:-len("pdf")] + "json", timeout=30).json()
    said = chat.bot_texts()
    for part, text in chat_render.render_parts(journey):
        assert (text.strip() in said) == (part not in ("stage", "warnings")), (part, text)
    # a correction rebuilds the journey: the earlier card says so, keeps no dead links, folds its map away
    chat.type("the price is actually 80 euros", knowledge.load("messages")["changed"]["en"].split("{")[0])
    page.locator(".rw-journey").nth(1).wait_for(timeout=REPLY_SECONDS * 1000)
    old, new = page.locator(".rw-journey").first, page.locator(".rw-journey").last
    assert "rw-outdated" in old.get_attribute("class") and "rw-outdated" not in new.get_attribute("class")
    assert widget["journey_older"]["en"] in old.inner_text()
    assert old.locator("a").count() == 0 and new.locator("a.rw-download").count() == 3
    assert requests.get(first_pdf, timeout=30).status_code == 404   # that link was dead indeed
    assert not old.locator(".rw-map-host").is_visible() and new.locator(".rw-map-host").is_visible()
    old.get_by_role("button", name=widget["journey_older_show"]["en"]).click()
    assert old.locator(".rw-map-host").is_visible()
    # a reload keeps English labels and the earlier card as earlier
    page.reload()
    page.locator(".rw-journey").nth(1).wait_for(timeout=10000)
    assert page.locator(".rw-input").get_attribute("placeholder") == widget["input_placeholder"]["en"]
    assert "rw-outdated" in page.locator(".rw-journey").first.get_attribute("class")
    assert chat.dialogs == []
    context.close()
