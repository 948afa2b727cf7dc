"""End to end over REST: the real Rasa server and action server (tests/e2e.py), Dutch interviews played
as an owner would type them, bad input, the API token, and a restart that loses nothing."""
import uuid

import jsonschema
import requests

from bot import interview, knowledge
from bot.slots import FORM_SLOTS
from tests.e2e import API_TOKEN, journey_of, texts

BAKERY_ANSWERS = [
    "hoi", "ja", "Bakkerij De Korenschoof", "brood en gebak", "particulieren", "mensen uit de buurt", "€ 3",
    "elke dag", "meteen", "onze winkel, insta en het huis-aan-huisblad", "dat was het", "meer vaste klanten",
    "geen", "ja",
]


def question(slot, language="nl"):
    """The opening words of a question as the rule base words it."""
    return interview.question(slot, language)["text"].split("{")[0].split("\n")[0][:30]


def new_sender() -> str:
    return "test-" + uuid.uuid4().hex[:12]


def play(servers, sender, answers):
    replies = []
    for answer in answers:
        replies.append(servers.say(sender, answer))
    return replies


def test_a_bakery_owner_is_asked_each_question_once_and_gets_a_low_involvement_journey(rasa_servers, journey_schema):
    replies = play(rasa_servers, new_sender(), BAKERY_ANSWERS)
    asked = [slot for reply in replies[1:] for slot in FORM_SLOTS if question(slot) in texts(reply)]
    # each once, in order (the kind of business and the pain follow-up are asked only when needed: not here)
    assert asked == [slot for slot in FORM_SLOTS if slot not in ("channels_more", "business_type", "pain_kind")]
    assert knowledge.message("summary_intro", "nl") in texts(replies[-2])
    assert "Bakkerij De Korenschoof" in texts(replies[-2])
    journey = journey_of(replies[-1])
    assert journey is not None and all(journey_of(reply) is None for reply in replies[:-1])
    jsonschema.validate(journey, journey_schema)
    assert journey["involvement"]["level"] == "low" and journey["involvement"]["reasons"]
    assert [stage["id"] for stage in journey["stages"]] == \
        ["orientation", "consideration", "purchase", "usage", "evaluation"]
    existing = {tp["channel"] for s in journey["stages"] for tp in s["touchpoints"] if tp["status"] == "existing"}
    assert existing == {"store", "instagram", "local_print"}
    assert journey["profile"]["business_name"] == "Bakkerij De Korenschoof" and journey["profile"]["goal"] == "loyalty"
    stage_messages = [m["text"] for m in replies[-1] if m.get("text", "")[:2] in {"1.", "2.", "3.", "4.", "5."}]
    assert len(stage_messages) == 5 and all("Doen:" in text for text in stage_messages)


def test_an_e_bike_dealer_starting_with_one_rich_message_is_asked_only_what_is_missing(rasa_servers, journey_schema):
    sender = new_sender()
    first = rasa_servers.say(sender, "Wij verkopen e-bikes van 3000 euro aan 55-plussers via onze winkel en Facebook")
    assert question("business_name") in texts(first)
    asked = []
    for answer in ["Fietsplus Utrecht", "particulieren", "eens in de vijf jaar", "een paar weken", "dat was het",
                   "meer verkopen", "klanten twijfelen tussen merken"]:
        reply = rasa_servers.say(sender, answer)
        asked.append(texts(reply))
    joined = "\n".join(asked)
    for slot in ("offering", "price", "audience"):
        assert question(slot) not in joined, slot
    noted = knowledge.text(knowledge.load("interview")["slots"]["channels"]["question_noted"], "nl").split("{")[0]
    assert noted in joined and "Facebook" in joined  # the channel question is asked, with what was noted
    final = rasa_servers.say(sender, "ja")
    journey = journey_of(final)
    jsonschema.validate(journey, journey_schema)
    assert journey["involvement"]["level"] == "high"
    assert journey["profile"]["channels"] == ["store", "facebook"] and journey["profile"]["price"] == "3000 euro"
    weights = {stage["id"]: stage["weight"] for stage in journey["stages"]}
    assert weights["orientation"] + weights["consideration"] > 0.6
    assert any(t["id"] == "decision_step_personal_advice" for s in journey["stages"] for t in s["tactics"])


def test_an_unusable_answer_is_explained_then_skippable_and_the_summary_says_so(rasa_servers):
    sender = new_sender()
    play(rasa_servers, sender, ["ik wil mijn klantreis in kaart brengen", "Kapsalon Knip", "knippen en kleuren",
                                "particulieren", "vrouwen uit de wijk"])
    first = rasa_servers.say(sender, "blauw")
    assert "'blauw'" in texts(first) and len([b for m in first for b in m.get("buttons", [])]) == 5
    second = rasa_servers.say(sender, "groen met stippen")
    assert any(b["payload"] == "/skip" for m in second for b in m.get("buttons", []))
    assert texts(first) != texts(second)  # never the same refusal twice
    skipped = rasa_servers.say(sender, "/skip")
    assert question("purchase_frequency") in texts(skipped)
    replies = play(rasa_servers, sender, ["elke maand", "een paar dagen", "Instagram en WhatsApp", "nee",
                                          "vaste klanten", "geen"])
    assert "Prijs: (overgeslagen)" in texts(replies[-1])
    journey = journey_of(rasa_servers.say(sender, "ja"))
    assert journey["profile"]["price"] is None and journey["profile"]["channels"] == ["instagram", "whatsapp"]


def test_help_halfway_answers_and_asks_the_same_question_again(rasa_servers):
    sender = new_sender()
    play(rasa_servers, sender, ["ik wil mijn klantreis in kaart brengen", "De Groene Kaas"])
    reply = rasa_servers.say(sender, "wat is de bedoeling?")
    assert "Ik breng je klantreis in kaart" in texts(reply) and question("offering") in texts(reply)


def test_changing_an_answer_from_the_summary_asks_it_again(rasa_servers):
    sender = new_sender()
    replies = play(rasa_servers, sender, BAKERY_ANSWERS[:-1])
    assert "Klopt dit?" in texts(replies[-1])
    offer = rasa_servers.say(sender, "nee")
    assert any(b["payload"] == '/change_field{"field": "price"}' for m in offer for b in m.get("buttons", []))
    again = rasa_servers.say(sender, '/change_field{"field": "price"}')
    assert question("price") in texts(again)
    summary = rasa_servers.say(sender, "2,50 euro")
    assert "Prijs: 2,50 euro" in texts(summary)
    assert journey_of(rasa_servers.say(sender, "ja"))["profile"]["price"] == "2,50 euro"


def test_bad_requests_get_a_clear_400_and_bad_messages_a_clear_answer(rasa_servers):
    for raw in [b"", b"[]", b"{not json", b'{"message": "hoi"}', b'{"sender": 5, "message": "hoi"}',
                b'{"sender": "x", "message": ["hoi"]}']:
        reply = rasa_servers.post(None, raw=raw)
        assert reply.status_code == 400, raw
        assert any(word in reply.json()["error"] for word in ("sender", "message", "JSON"))
    sender = new_sender()
    play(rasa_servers, sender, ["ik wil mijn klantreis in kaart brengen"])
    empty = rasa_servers.say(sender, "   ")
    assert "leeg" in texts(empty)
    # the empty message lost nothing: the interview still waits for the business name
    assert question("offering") in texts(rasa_servers.say(sender, "Bloemen van Dijk"))
    huge = rasa_servers.say(sender, "tulpen " * 2000)
    assert "eerste 2000 tekens" in texts(huge) and "particulieren" in texts(huge)


def test_garbled_text_fills_nothing_and_never_opens_a_menu(rasa_servers):
    """"aaaa…" is no business name and no request to change something: ask again, lose nothing."""
    first = rasa_servers.say(new_sender(), "a" * 300)
    assert "anders zeggen" in texts(first) and not any(m.get("buttons") for m in first)
    sender = new_sender()
    play(rasa_servers, sender, ["ik wil mijn klantreis in kaart brengen"])
    garbled = rasa_servers.say(sender, "z" * 40)
    # asked again, not taken as the name
    assert knowledge.message("reask_first", "nl", answer="z" * 40) in texts(garbled)
    assert question("offering") not in texts(garbled)
    assert question("offering") in texts(rasa_servers.say(sender, "Bloemen van Dijk"))


def test_an_opening_that_asks_for_help_and_says_what_the_business_does_starts_and_keeps_it(rasa_servers):
    """Batch H: "Can you help with my customer journey? We hire out marquees" got an FAQ answer and lost
    the marquees; it starts the interview now, in English, with the offering noted."""
    reply = texts(rasa_servers.say(new_sender(), "Can you help with my customer journey? We hire out marquees"))
    assert question("business_name", "en") in reply
    assert "marquees" in reply
    assert knowledge.message("interview_intro", "en") in reply      # started by the first message: said what comes


def test_a_greeting_with_a_business_word_that_looks_like_thanks_is_no_thanks(rasa_servers):
    """"hi. septic tanks" was answered "Graag gedaan!" (tanks ~ thanks)."""
    import yaml
    from pathlib import Path
    domain = yaml.safe_load((Path(__file__).resolve().parents[1] / "domain.yml").read_text(encoding="utf-8"))
    thanks = [variant["text"] for variant in domain["responses"]["utter_thanks"]]
    reply = texts(rasa_servers.say(new_sender(), "hi. septic tanks"))
    assert reply and not any(answer in reply for answer in thanks)


def test_channel_notices_speak_the_clients_language_or_both():
    """An empty message is answered by the channel without reading the conversation: in the language the
    client names, else in Dutch and English (an English owner got only the Dutch line)."""
    from bot.channels.rest import notice
    both = notice("empty_message", {"sender": "x", "message": ""})
    assert knowledge.message("empty_message", "nl") in both and knowledge.message("empty_message", "en") in both
    english = notice("empty_message", {"sender": "x", "message": "", "metadata": {"ui_language": "en"}})
    assert english == knowledge.message("empty_message", "en")


def test_hostile_text_is_kept_verbatim_as_plain_text(rasa_servers):
    sender = new_sender()
    hostile = "<b>Bakkerij</b> '; DROP TABLE events; --"
    play(rasa_servers, sender, ["ik wil mijn klantreis in kaart brengen", hostile])
    tracker = requests.get(f"{rasa_servers.url}/conversations/{sender}/tracker",
                           params={"token": API_TOKEN}, timeout=30).json()
    assert tracker["slots"]["business_name"] == hostile


def test_the_http_api_requires_the_token(rasa_servers):
    url = f"{rasa_servers.url}/conversations/{new_sender()}/tracker"
    assert requests.get(url, timeout=30).status_code == 401
    assert requests.get(url, params={"token": "wrong"}, timeout=30).status_code == 401
    assert requests.get(url, params={"token": API_TOKEN}, timeout=30).status_code == 200


def test_zz_a_restart_loses_no_conversation_and_without_a_token_the_api_is_off(rasa_servers):
    """Runs last: it restarts the shared servers without a token."""
    sender = new_sender()
    play(rasa_servers, sender, ["ik wil mijn klantreis in kaart brengen", "Theehuis", "losse thee"])
    rasa_servers.restart(token=None)
    assert question("audience") in texts(rasa_servers.say(sender, "particulieren"))
    assert requests.get(f"{rasa_servers.url}/conversations/{sender}/tracker", timeout=30).status_code == 404
