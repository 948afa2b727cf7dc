"""The Slack rendering (bot/render/slack.py, issue #10): the journey as Block Kit messages within Slack's
limits (blocks per message, text lengths), split between stages and never losing text; owners' words shown
as text (no links, mentions or formatting); the interview's buttons and channel multi-select; and a click
read back as the message for Rasa."""
import dataclasses
import json
import random
import re

import pytest

from bot import interview, knowledge
from bot.journey import build
from bot.profile import Profile
from bot.render import chat, html, slack
from bot.slots import CHANNELS
from tests.profiles import BAKERY, EBIKE, SOFTWARE, WEBSHOP

ENGLISH = {
    "business_name": "Corner Bakery", "offering": "bread and pastries", "market": "b2c",
    "audience": "people in the neighbourhood", "price": "3 euros", "purchase_frequency": "every day",
    "decision_time": "right away", "channels": ["store", "instagram"], "goal": "loyalty",
    "pain_points": "people don't know we open early", "language": "en",
}
HOSTILE_NAME = "<!channel> <script>alert(1)</script> *bold*"
HOSTILE_PAIN = "<http://evil.test|click>"
MARKUP_PAIN = "prijs `code` ~weg~ _schuin_ *vet* & <@U123> > quote"
EXPORTS = {"html": "https://x.test/exports/T/html", "pdf": "https://x.test/exports/T/pdf",
           "md": "https://x.test/exports/T/md", "json": "https://x.test/exports/T/json"}
MODELS = ("five_phase", "aida_loyalty", "four_phase", "see_think_do_care")
ZWJ = "\u200d"


def journey_of(slots, **changes):
    return build(dataclasses.replace(Profile.from_slots(slots), **changes))


def msg(journey, key, **values):
    return knowledge.message(key, journey["language"], **values)


def size(text):
    return len(text.encode("utf-16-le")) // 2


def unescape(text):
    """What Slack shows for our mrkdwn: the joiners are invisible, the entities are characters."""
    return text.replace(ZWJ, "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


# --- walking the blocks -------------------------------------------------------------------------------

def text_objects(node, path="$"):
    """Every text object ({"type": plain_text|mrkdwn, "text"}) anywhere in a block tree, with its path."""
    if isinstance(node, dict):
        if node.get("type") in ("plain_text", "mrkdwn") and "text" in node:
            yield path, node
        for key, value in node.items():
            yield from text_objects(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from text_objects(value, f"{path}[{index}]")


def mrkdwn_texts(messages):
    """Every text Slack parses as mrkdwn: the mrkdwn objects and each message's notification text."""
    texts = [message["text"] for message in messages]
    for message in messages:
        texts += [obj["text"] for _, obj in text_objects(message["blocks"]) if obj["type"] == "mrkdwn"]
    return texts


def sections(messages):
    """The section texts of all messages, in order."""
    return [block["text"]["text"] for message in messages for block in message["blocks"] if block["type"] == "section"]


def assert_within_slack_limits(message):
    assert set(message) == {"text", "blocks"}
    assert isinstance(message["text"], str) and message["text"].strip() and size(message["text"]) <= 3000
    blocks = message["blocks"]
    assert 1 <= len(blocks) <= 50
    block_ids = [block["block_id"] for block in blocks if "block_id" in block]
    assert len(block_ids) == len(set(block_ids)) and all(size(block_id) <= 255 for block_id in block_ids)
    action_ids = []
    for path, obj in text_objects(blocks):
        assert isinstance(obj["text"], str) and obj["text"].strip(), path
        assert size(obj["text"]) <= 3000, path
        if obj["type"] == "mrkdwn":
            assert obj.get("verbatim") is True, path
    for block in blocks:
        kind = block["type"]
        assert kind in ("header", "section", "divider", "context", "actions"), kind
        if kind == "header":
            assert block["text"]["type"] == "plain_text" and size(block["text"]["text"]) <= 150
        if kind == "section":
            assert "text" in block or "fields" in block
            assert len(block.get("fields", [])) <= 10
            assert all(size(item["text"]) <= 2000 for item in block.get("fields", []))
        if kind == "context":
            assert 1 <= len(block["elements"]) <= 10
        if kind == "actions":
            assert 1 <= len(block["elements"]) <= 25
            for element in block["elements"]:
                action_ids.append(element["action_id"])
                if element["type"] == "button":
                    assert element["text"]["type"] == "plain_text" and size(element["text"]["text"]) <= 75
                    assert ("value" in element) != ("url" in element)
                    assert size(element.get("value", "")) <= 2000 and size(element.get("url", "")) <= 3000
                elif element["type"] == "multi_static_select":
                    options = element["options"]
                    assert 1 <= len(options) <= 100
                    for option in options:
                        assert option["text"]["type"] == "plain_text" and size(option["text"]["text"]) <= 75
                        assert 1 <= size(option["value"]) <= 150
                    assert all(option in options for option in element.get("initial_options", []))
                else:
                    raise AssertionError(f"unexpected element {element['type']}")
    assert len(action_ids) == len(set(action_ids))


def stage_message_indices(messages, index):
    """In which messages the blocks of stage `index` (0-based) are."""
    prefix = f"rw_stage_{index + 1}_"
    return sorted({number for number, message in enumerate(messages)
                   for block in message["blocks"] if block.get("block_id", "").startswith(prefix)})


def stage_block_count(messages, index):
    prefix = f"rw_stage_{index + 1}_"
    return sum(block.get("block_id", "").startswith(prefix) for message in messages for block in message["blocks"])


def stage_title(journey, index):
    stage = journey["stages"][index]
    return "*" + slack.escape(msg(journey, "stage_title", index=index + 1, name=stage["name"],
                                  percent=round(stage["weight"] * 100))) + "*"


def assert_journey_rendered(journey):
    """The checks every journey passes, whatever its language, model or length."""
    messages = slack.journey_messages(journey)
    assert messages
    for message in messages:
        assert_within_slack_limits(message)
    # every stage, in order, across the messages
    text = "\n".join(sections(messages))
    positions = [text.find(stage_title(journey, index)) for index in range(len(journey["stages"]))]
    assert -1 not in positions and positions == sorted(positions)
    for stage in journey["stages"]:
        assert slack.escape(stage["name"]) in text
    # a stage is cut only when it alone needs more than a message (a "continued" line takes one block)
    indices = [stage_message_indices(messages, index) for index in range(len(journey["stages"]))]
    flat = [number for numbers in indices for number in numbers]
    assert flat == sorted(flat)
    for index, numbers in enumerate(indices):
        assert numbers == list(range(numbers[0], numbers[-1] + 1))
        if stage_block_count(messages, index) <= 49:
            assert len(numbers) == 1
    # no raw Slack syntax anywhere it would be parsed
    for mrkdwn in mrkdwn_texts(messages):
        assert "<" not in mrkdwn and ">" not in mrkdwn
        assert not re.search(r"&(?!amp;|lt;|gt;)", mrkdwn)
    return messages


# --- the journey ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("slots", [BAKERY, EBIKE, SOFTWARE, WEBSHOP, ENGLISH], ids=["bakery", "ebike", "software",
                                                                                    "webshop", "english"])
def test_every_profile_and_stage_model_fits_slack_and_shows_every_stage_in_order(slots, model):
    journey = journey_of(slots, stage_model=model)
    messages = assert_journey_rendered(journey)
    assert len(messages) == 1  # an ordinary journey is one message
    header = messages[0]["blocks"][0]
    assert header["type"] == "header"
    assert header["text"]["text"] == msg(journey, "map_title", business=journey["profile"]["business_name"])


@pytest.mark.parametrize("map_type", ["future_state", "current_state"])
def test_a_stage_shows_its_goal_touchpoints_top_tactics_kpis_and_pains(map_type):
    journey = journey_of(EBIKE, map_type=map_type)
    text = "\n".join(sections(slack.journey_messages(journey)))
    label = {"existing": ("●", msg(journey, "map_existing")), "recommended": ("○", msg(journey, "map_recommended"))}
    for index, stage in enumerate(journey["stages"]):
        start = text.index(stage_title(journey, index))
        end = text.find(stage_title(journey, index + 1)) if index + 1 < len(journey["stages"]) else len(text)
        part = text[start:end]
        assert f"*{slack.escape(msg(journey, 'stage_wants'))}:* {slack.escape(stage['customer_goal'])}" in part
        for touchpoint in stage["touchpoints"]:
            mark, words = label[touchpoint["status"]]
            name = chat.channel_name(touchpoint["channel"], journey["language"])
            assert f"{mark} {slack.escape(name)} ({slack.escape(words)})" in part
        for tactic in stage["tactics"][:3]:
            line = f"• {slack.escape(tactic['text'])}"
            tagged = f"{line} — _{slack.escape(msg(journey, 'map_for_pain'))}_"
            assert (tagged if tactic["addresses_pain"] else line) in part.split("\n")
        for tactic in stage["tactics"][3:]:
            assert slack.escape(tactic["text"]) not in part
        if len(stage["tactics"]) > 3:
            more = msg(journey, "slack_more_tactics", count=len(stage["tactics"]) - 3, stage=stage["name"])
            assert f"_{slack.escape(more)}_" in part
        for kpi in stage["kpis"]:
            assert f"• {slack.escape(kpi)}" in part
        for pain in stage["pain_points"]:
            assert f"• {slack.escape(pain)}" in part
    assert any(tactic["addresses_pain"] for stage in journey["stages"] for tactic in stage["tactics"][:3])


def test_the_intro_has_the_involvement_with_its_reasons():
    journey = journey_of(SOFTWARE)
    intro = sections(slack.journey_messages(journey))[0]
    assert intro.startswith(slack.escape(html.involvement_line(journey)))
    assert f"*{slack.escape(msg(journey, 'reasons_header'))}*" in intro
    for reason in journey["involvement"]["reasons"]:
        assert f"• {slack.escape(reason)}" in intro


def test_warnings_are_marked_in_their_stage_and_journey_wide_ones_come_at_the_end():
    journey = journey_of(WEBSHOP)
    journey["warnings"].append({"id": "whole_journey", "stage": "everywhere", "severity": 1,
                                "text": "Een waarschuwing voor de hele reis.", "why": "omdat", "addresses_pain": False})
    messages = slack.journey_messages(journey)
    text = "\n".join(sections(messages))
    names = {stage["id"]: stage["name"] for stage in journey["stages"]}
    for warning in journey["warnings"][:-1]:
        head = "⚠ *" + slack.escape(f"{msg(journey, 'map_warnings')} — {names[warning['stage']]}") + "*"
        assert head in text
        index = [stage["id"] for stage in journey["stages"]].index(warning["stage"])
        assert text.index(stage_title(journey, index)) < text.index(head) < text.index(slack.escape(warning["text"]))
        if index + 1 < len(journey["stages"]):
            assert text.index(slack.escape(warning["text"])) < text.index(stage_title(journey, index + 1))
    general = "⚠ *" + slack.escape(msg(journey, "map_general_warnings")) + "*"
    last_stage = stage_title(journey, len(journey["stages"]) - 1)
    assert text.index(last_stage) < text.index(general) < text.index("Een waarschuwing voor de hele reis.")
    tagged = [w for w in journey["warnings"] if w["addresses_pain"]]
    assert tagged and all(f"• {slack.escape(w['text'])} — _{slack.escape(msg(journey, 'map_for_pain'))}_" in text
                          for w in tagged)


def test_notes_are_shown_at_the_end():
    journey = journey_of(BAKERY, pain_points="de parkeerplaats is te klein voor bussen", goal=None,
                         skipped=["goal"])
    assert journey["notes"]
    text = "\n".join(sections(slack.journey_messages(journey)))
    assert f"*{slack.escape(msg(journey, 'map_notes'))}*" in text
    for note in journey["notes"]:
        assert f"• {slack.escape(note)}" in text


@pytest.mark.parametrize("slots", [BAKERY, ENGLISH], ids=["nl", "en"])
def test_the_export_buttons_link_to_the_journeys_html_and_pdf(slots):
    journey = journey_of(slots)
    journey["exports"] = dict(EXPORTS)
    messages = assert_journey_rendered(journey)
    last = messages[-1]["blocks"][-1]
    assert last["type"] == "actions"
    buttons = {button["action_id"]: button for button in last["elements"]}
    assert set(buttons) == {"rw_export_html", "rw_export_pdf"}
    assert buttons["rw_export_html"]["url"] == EXPORTS["html"]
    assert buttons["rw_export_pdf"]["url"] == EXPORTS["pdf"]
    assert buttons["rw_export_html"]["text"]["text"] == msg(journey, "slack_export_html")
    assert buttons["rw_export_pdf"]["text"]["text"] == msg(journey, "slack_export_pdf")
    # a click on a link button only opens the link: nothing to send to Rasa
    assert slack.answer_from_action({**buttons["rw_export_pdf"], "block_id": last["block_id"]}, {}) is None


@pytest.mark.parametrize("exports", [None, {}, {"html": "javascript:alert(1)", "pdf": None}])
def test_no_export_buttons_without_usable_links(exports):
    journey = journey_of(BAKERY)
    journey["exports"] = exports
    messages = assert_journey_rendered(journey)
    assert not [block for message in messages for block in message["blocks"] if block["type"] == "actions"]


def test_the_messages_have_slack_texts_for_both_languages():
    messages = knowledge.load("messages")
    keys = [key for key in messages if key.startswith("slack_")]
    assert {"slack_export_html", "slack_export_pdf", "slack_more_tactics", "slack_continued"} <= set(keys)
    for key in keys:
        assert messages[key]["nl"] and messages[key]["en"] and messages[key]["nl"] != messages[key]["en"]
    english = journey_of(ENGLISH)
    english["exports"] = dict(EXPORTS)
    labels = [element["text"]["text"] for element in slack.journey_messages(english)[-1]["blocks"][-1]["elements"]]
    assert labels == [messages["slack_export_html"]["en"], messages["slack_export_pdf"]["en"]]


# --- owners' words stay text ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [HOSTILE_NAME, HOSTILE_PAIN, MARKUP_PAIN, "<@U123> <#C1|x> <!here> <!date^1^x|y>",
                                  "a & b &amp; c", "> quote at the start", "line\nbreak\r\nand\ttab", "€ Oriëntatie 👍",
                                  "ctrl\x00\x07chars", ""])
def test_escape_shows_the_text_and_nothing_slack_would_parse(text):
    escaped = slack.escape(text)
    assert unescape(escaped) == " ".join("".join(c for c in text if c not in "\x00\x07").split())
    assert "<" not in escaped and ">" not in escaped and "\n" not in escaped
    assert not re.search(r"&(?!amp;|lt;|gt;)", escaped)
    # every formatting mark sits between zero-width joiners: inside a word, so it formats nothing
    assert not re.search(rf"(?<!{ZWJ})[*_~`]|[*_~`](?!{ZWJ})", escaped)
    assert not escaped.startswith("&gt;")


def test_hostile_business_name_and_pain_points_are_shown_as_text():
    journey = journey_of(WEBSHOP, business_name=HOSTILE_NAME,
                         pain_points=f"{HOSTILE_PAIN}; {MARKUP_PAIN}; de betaling mislukt vaak")
    journey["exports"] = dict(EXPORTS)
    messages = assert_journey_rendered(journey)
    texts = mrkdwn_texts(messages)
    for raw in ("<!channel>", "<http", "<script", "<@U123>", "*bold*", "*vet*", "_schuin_", "~weg~", "`code`"):
        assert not any(raw in text for text in texts), raw
    assert slack.escape(HOSTILE_NAME) in messages[0]["text"]  # the notification names the business, escaped
    everything = "\n".join(texts)
    assert slack.escape(HOSTILE_PAIN) in everything and slack.escape(MARKUP_PAIN) in everything
    # plain_text is never parsed: the header shows the name exactly
    assert messages[0]["blocks"][0]["text"] == {"type": "plain_text", "emoji": False,
                                                "text": msg(journey, "map_title", business=HOSTILE_NAME)}


def test_a_title_too_long_for_the_header_is_cut_there_and_given_whole_below():
    name = "Heel Lange Naam " * 20 + "<b>"
    journey = journey_of(BAKERY, business_name=name)
    messages = assert_journey_rendered(journey)
    header = messages[0]["blocks"][0]["text"]["text"]
    assert header.endswith("…") and len(header) <= 150
    full = " ".join(msg(journey, "map_title", business=name).split())
    assert sections(messages)[0].startswith("*" + slack.escape(full) + "*")


# --- long journeys split over messages ------------------------------------------------------------------

WORDS = ("klanten vinden onze openingstijden niet & bellen dan <maar> een concurrent die *wel* snel "
         "antwoord geeft").split()


def long_text(number, words=400, seed=0):
    rng = random.Random(seed * 1000 + number)
    return " ".join(rng.choice(WORDS) for _ in range(words)) + f" nummer {number}"


@pytest.fixture(scope="module")
def owner_with_many_pains():
    """60 long pain points, built by the real journey (they all land in one stage: more than a message)."""
    pains = "; ".join(long_text(number) for number in range(60))
    return journey_of(WEBSHOP, pain_points=pains)


def full_text(messages):
    """The sections as one text, an entry cut over several lines joined again."""
    return unescape("\n".join(sections(messages)).replace("\n" + slack.CONTINUES, " "))


def test_a_stage_bigger_than_a_message_runs_on_in_order_and_loses_nothing(owner_with_many_pains):
    journey = owner_with_many_pains
    messages = assert_journey_rendered(journey)
    assert len(messages) >= 3
    big = max(range(len(journey["stages"])), key=lambda index: len(journey["stages"][index]["pain_points"]))
    assert len(journey["stages"][big]["pain_points"]) == 60
    assert len(stage_message_indices(messages, big)) >= 2
    text = full_text(messages)
    for pain in journey["stages"][big]["pain_points"]:
        assert f"• {pain}" in text
    positions = [text.index(f"• {pain}") for pain in journey["stages"][big]["pain_points"]]
    assert positions == sorted(positions)
    # every later message says it continues the journey, and its notification names its stages
    for message in messages[1:]:
        first = message["blocks"][0]
        assert first["type"] == "context"
        assert first["elements"][0]["text"] == msg(journey, "slack_continued", title=msg(
            journey, "map_title", business=journey["profile"]["business_name"]))
        assert unescape(message["text"]).startswith(first["elements"][0]["text"])


@pytest.mark.parametrize("slots,model", [(EBIKE, "five_phase"), (ENGLISH, "aida_loyalty"), (SOFTWARE, "four_phase"),
                                         (BAKERY, "see_think_do_care")])
def test_a_long_journey_is_split_between_stages(slots, model):
    journey = journey_of(slots, stage_model=model)
    for index, stage in enumerate(journey["stages"]):
        stage["pain_points"] = [long_text(number, words=420, seed=index) for number in range(12)]
    journey["exports"] = dict(EXPORTS)
    messages = assert_journey_rendered(journey)
    assert len(messages) >= 2
    for index in range(len(journey["stages"])):
        assert len(stage_message_indices(messages, index)) == 1
    text = full_text(messages)
    for stage in journey["stages"]:
        for pain in stage["pain_points"]:
            assert f"• {pain}" in text
    assert messages[-1]["blocks"][-1]["block_id"] == "rw_exports"
    # a new message opens with its "continued" line, not with the divider
    assert all(message["blocks"][1]["type"] != "divider" for message in messages[1:])


def test_one_entry_longer_than_a_section_is_cut_between_words_or_characters_and_kept_whole():
    journey = journey_of(BAKERY)
    one_word = ("a&b<c>*d" * 1200)  # 9600 characters without a space, escaping to far more
    sentence = long_text(1, words=1500)  # about 9000 characters of words
    journey["stages"][0]["pain_points"] = [one_word, sentence]
    messages = assert_journey_rendered(journey)
    joined = "\n".join(sections(messages))
    assert "• " + slack.escape(one_word) in joined.replace("\n" + slack.CONTINUES, "")
    assert "• " + sentence in full_text(messages)


# --- interview questions --------------------------------------------------------------------------------

def buttons_of(blocks):
    return [element for block in blocks if block["type"] == "actions"
            for element in block["elements"] if element["type"] == "button"]


def test_a_question_has_its_text_escaped_and_a_button_per_payload():
    text = "Ik weet niet zeker wat je bedoelt met '<!channel> *nu*'.\nKies:\n\n> of typ iets"
    buttons = [{"title": "Winkel", "payload": '/inform{"channel": "store"}'},
               {"title": "Een heel lange knoptekst " * 5, "payload": "/skip"},
               {"title": "Stop & <ga>", "payload": "/stop"}]
    message = slack.question_blocks(text, buttons)
    assert_within_slack_limits(message)
    section = message["blocks"][0]["text"]["text"]
    assert "<" not in section and ">" not in section and "<" not in message["text"]
    assert unescape(section) == text
    shown = buttons_of(message["blocks"])
    assert [button["value"] for button in shown] == [button["payload"] for button in buttons]
    assert shown[0]["text"]["text"] == "Winkel" and shown[2]["text"]["text"] == "Stop & <ga>"
    assert shown[1]["text"]["text"].endswith("…") and len(shown[1]["text"]["text"]) <= 75
    assert len({button["action_id"] for button in shown}) == 3
    assert all(block["block_id"].startswith("rw_") for block in message["blocks"])


def test_more_than_25_buttons_go_into_several_actions_blocks_and_the_prefix_names_the_blocks():
    buttons = [{"title": f"Keuze {number}", "payload": f"/choose{{\"n\": {number}}}"} for number in range(30)]
    message = slack.question_blocks("Welke?", buttons, block_id_prefix="q7")
    assert_within_slack_limits(message)
    actions = [block for block in message["blocks"] if block["type"] == "actions"]
    assert [len(block["elements"]) for block in actions] == [25, 5]
    assert all(block["block_id"].startswith("q7_") for block in message["blocks"])
    assert [button["value"] for button in buttons_of(message["blocks"])] == [button["payload"] for button in buttons]


def test_a_payload_slack_cannot_carry_is_an_error_not_a_cut_answer():
    with pytest.raises(ValueError):
        slack.question_blocks("?", [{"title": "x", "payload": "/x" + "y" * 2000}])
    with pytest.raises(ValueError):
        slack.question_blocks("?", [], multiselect={"intent": "pick", "entity": "thing",
                                                    "options": [{"value": "v" * 151, "title": "x"}]})
    with pytest.raises(ValueError):
        slack.question_blocks("?", [], multiselect={"intent": "pick me", "entity": "thing", "options": []})


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_channel_question_has_a_multiselect_with_the_noted_channels_selected(language):
    spec = interview.channel_choices(CHANNELS, language, candidates=["instagram", "store"])
    message = slack.question_blocks("Welke kanalen gebruik je?", [], multiselect=spec)
    assert_within_slack_limits(message)
    elements = [element for block in message["blocks"] if block["type"] == "actions" for element in block["elements"]]
    menu, submit = elements
    assert menu["type"] == "multi_static_select" and menu["action_id"] == "rw_multiselect"
    assert [option["value"] for option in menu["options"]] == [option["value"] for option in spec["options"]]
    assert [option["text"]["text"] for option in menu["options"]] == [option["title"] for option in spec["options"]]
    assert [option["value"] for option in menu["initial_options"]] == ["instagram", "store"]
    assert submit["action_id"] == "rw_multiselect_submit"
    assert submit["text"]["text"] == knowledge.message("multiselect_submit", language)
    value = json.loads(submit["value"])
    assert value["intent"] == "select_channels" and value["entity"] == "channel"


def test_more_options_than_a_menu_holds_go_into_further_menus():
    spec = {"name": "x", "intent": "pick", "entity": "thing", "submit_title": "OK", "none_title": "Niets",
            "options": [{"value": f"v{n}", "title": f"Optie {n} " + "lang " * 20, "checked": n % 40 == 0}
                        for n in range(150)]}
    message = slack.question_blocks("Kies", [], multiselect=spec)
    assert_within_slack_limits(message)
    menus = [element for block in message["blocks"] if block["type"] == "actions"
             for element in block["elements"] if element["type"] == "multi_static_select"]
    assert [len(menu["options"]) for menu in menus] == [100, 50]
    assert [menu["action_id"] for menu in menus] == ["rw_multiselect", "rw_multiselect_2"]
    assert [option["value"] for menu in menus for option in menu.get("initial_options", [])] == \
        ["v0", "v40", "v80", "v120"]


# --- clicks back to Rasa ----------------------------------------------------------------------------------

def click(element, block_id):
    """What Slack sends in `actions` for a click on this element."""
    action = {"action_id": element["action_id"], "block_id": block_id, "type": element["type"], "action_ts": "1.2"}
    if element["type"] == "button":
        action["text"] = element["text"]
        if "value" in element:
            action["value"] = element["value"]
    else:
        action["selected_options"] = element.get("initial_options", [])
    return action


def state(message, selected=None):
    """The payload's state.values for this message: the menus with their (initial or given) selection."""
    values = {}
    for block in message["blocks"]:
        for element in block.get("elements", []):
            if element.get("type") == "multi_static_select":
                options = element.get("initial_options", []) if selected is None else \
                    [option for option in element["options"] if option["value"] in selected]
                values.setdefault(block["block_id"], {})[element["action_id"]] = {
                    "type": "multi_static_select", "selected_options": options}
    return values


def elements_of(message):
    return [(element, block["block_id"]) for block in message["blocks"] if block["type"] == "actions"
            for element in block["elements"]]


def test_a_button_click_sends_its_payload_and_echoes_its_label():
    buttons = [{"title": "Ja, maak mijn klantreis", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"}]
    message = slack.question_blocks("Klopt dit?", buttons)
    answers = [slack.answer_from_action(click(element, block_id), state(message))
               for element, block_id in elements_of(message)]
    assert answers == [("/affirm", "Ja, maak mijn klantreis"), ("/deny", "Nee")]


def parse_command(text):
    """The intent and entities of a `/intent{json}` message, as Rasa reads it."""
    match = re.fullmatch(r"/([\w.-]+)(\{.*\})?", text)
    assert match, text
    return match.group(1), json.loads(match.group(2) or "{}")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_multiselect_submit_sends_the_selected_channels_and_a_change_sends_nothing(language):
    spec = interview.channel_choices(CHANNELS, language, candidates=["store", "instagram"])
    message = slack.question_blocks("Welke kanalen?", [], multiselect=spec)
    (menu, block_id), (submit, _) = elements_of(message)
    assert slack.answer_from_action(click(menu, block_id), state(message)) is None
    titles = {option["value"]: option["title"] for option in spec["options"]}
    # untouched: the ticked channels
    text, echo = slack.answer_from_action(click(submit, block_id), state(message))
    assert parse_command(text) == ("select_channels", {"channel": ["store", "instagram"]})
    assert echo == f"{titles['store']}, {titles['instagram']}"
    # changed: whatever is selected now, in the menu's order
    text, echo = slack.answer_from_action(click(submit, block_id), state(message, {"website", "email"}))
    chosen = [option["value"] for option in spec["options"] if option["value"] in {"website", "email"}]
    assert parse_command(text) == ("select_channels", {"channel": chosen})
    assert echo == ", ".join(titles[value] for value in chosen)
    # nothing selected: no channels, echoed with the "none of these" title
    text, echo = slack.answer_from_action(click(submit, block_id), state(message, set()))
    assert parse_command(text) == ("select_channels", {"channel": []})
    assert echo == knowledge.message("multiselect_none", language)


def test_options_from_several_menus_are_sent_together():
    spec = {"name": "x", "intent": "pick", "entity": "thing", "submit_title": "OK",
            "options": [{"value": f"v{n}", "title": f"T{n}", "checked": n in (1, 120)} for n in range(130)]}
    message = slack.question_blocks("Kies", [], multiselect=spec)
    submit, block_id = elements_of(message)[-1]
    text, echo = slack.answer_from_action(click(submit, block_id), state(message))
    assert parse_command(text) == ("pick", {"thing": ["v1", "v120"]}) and echo == "T1, T120"


SUBMIT = {"action_id": "rw_multiselect_submit", "type": "button", "text": {"type": "plain_text", "text": "Klaar"},
          "value": json.dumps({"intent": "select_channels", "entity": "channel"})}
GOOD_STATE = {"b": {"rw_multiselect": {"type": "multi_static_select",
                                       "selected_options": [{"value": "store", "text": {"type": "plain_text",
                                                                                        "text": "Winkel"}}]}}}


@pytest.mark.parametrize("action,state_values", [
    (None, GOOD_STATE), ("rw_button_0", GOOD_STATE), ({}, GOOD_STATE), ({"action_id": 3, "value": "/x"}, {}),
    ({"action_id": "rw_button_0"}, {}), ({"action_id": "rw_button_0", "value": ""}, {}),
    ({"action_id": "rw_button_0", "value": ["/x"]}, {}), ({"action_id": "someone_elses", "value": "/x"}, {}),
    ({**SUBMIT, "value": "not json"}, GOOD_STATE), ({**SUBMIT, "value": None}, GOOD_STATE),
    ({**SUBMIT, "value": "[1, 2]"}, GOOD_STATE),
    ({**SUBMIT, "value": json.dumps({"intent": "select channels; rm", "entity": "channel"})}, GOOD_STATE),
    ({**SUBMIT, "value": json.dumps({"intent": "select_channels", "entity": ""})}, GOOD_STATE),
    ({**SUBMIT, "value": json.dumps({"intent": "select_channels\n", "entity": "channel"})}, GOOD_STATE),
    ({**SUBMIT, "value": "[" * 100000}, GOOD_STATE),
    (SUBMIT, None), (SUBMIT, []), (SUBMIT, {}), (SUBMIT, {"b": "x"}), (SUBMIT, {"b": {"other": {}}}),
    (SUBMIT, {"b": {"rw_multiselect": {"selected_options": "store"}}}),
    (SUBMIT, {"b": {"rw_multiselect": {"selected_options": [{"text": "Winkel"}]}}}),
    (SUBMIT, {"b": {"rw_multiselect": {"selected_options": [None]}}}),
])
def test_malformed_actions_give_none(action, state_values):
    assert slack.answer_from_action(action, state_values) is None


def test_the_well_formed_submit_of_the_malformed_cases_works():
    assert slack.answer_from_action(SUBMIT, GOOD_STATE) == ('/select_channels{"channel": ["store"]}', "Winkel")
