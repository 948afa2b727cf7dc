"""Custom actions, run on trackers built from dicts (no server): the form's validation, the questions,
the summary and the journey payload."""
import asyncio
from pathlib import Path

import jsonschema
import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.interview import ActionStartInterview, ValidateInterviewForm, ASK_ACTIONS
from actions.journey import ActionBuildJourney
from actions.summary import ActionResetField, ActionShowSummary
from bot import interview, knowledge
from tests.profiles import EBIKE

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


ANSWERED = {"business_name": "Fietsplus", "offering": "e-bikes", "market": "b2c", "audience": "55-plussers",
            "price": "3000 euro", "purchase_frequency": "eens in de vijf jaar", "decision_time": "een paar weken"}


def before(slot):
    """The answers given before `slot` is asked, in the interview's order."""
    return {key: value for key, value in ANSWERED.items()
            if list(ANSWERED).index(key) < list(ANSWERED).index(slot)} if slot in ANSWERED else dict(ANSWERED)


def make_tracker(text="", intent="inform", confidence=0.9, slots=None, requested=None, history=None,
                 active=True, entities=None, said_before=None, metadata=None):
    """A tracker whose latest user message is `text` with these NLU `entities` ((name, value) pairs or
    dicts), `slots` what is known now, `history` slot events before the message, `said_before` an
    earlier user message."""
    events = [{"event": "slot", "name": k, "value": v} for k, v in (history or {}).items()]
    if said_before is not None:
        events.append({"event": "user", "text": said_before, "parse_data": {"intent": {"name": intent}}})
    events.append({"event": "user", "text": text, "parse_data": {"intent": {"name": intent, "confidence": confidence}}})
    entities = [e if isinstance(e, dict) else {"entity": e[0], "value": e[1]} for e in entities or []]
    all_slots = {"language": "nl", "requested_slot": requested, **(history or {}), **(slots or {})}
    return Tracker.from_dict({
        "sender_id": "test", "slots": all_slots, "events": events, "paused": False, "followup_action": None,
        "latest_message": {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": entities,
                           "metadata": metadata or {}},
        "active_loop": {"name": "interview_form"} if active else {}, "latest_action_name": "action_listen",
    })


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return events, dispatcher.messages


def slot_sets(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_an_opening_fills_what_it_says_and_notes_its_channels_for_the_channel_question():
    tracker = make_tracker("Wij verkopen e-bikes van 3000 euro aan 55-plussers via onze winkel en Facebook",
                           entities=[("channel", "store"), ("channel", "facebook")])
    events, messages = run(ValidateInterviewForm(), tracker)
    sets = slot_sets(events)
    assert {k: sets[k] for k in ("offering", "audience", "price")} == \
        {"offering": "e-bikes", "audience": "55-plussers", "price": "3000 euro"}
    assert "channels" not in sets and sets["channel_candidates"] == ["store", "facebook"]
    assert sets["requested_slot"] == "business_name"
    assert any("e-bikes" in m["text"] for m in messages)  # acknowledged


@pytest.mark.parametrize("opening, fields", [
    # what is sold "for" a thing, or a question after the description, names no audience
    ("ik verkoop onderdelen voor oldtimers via mijn webshop, is dit voor marketing?", {"offering": "onderdelen"}),
    ("wij hebben een ijssalon aan zee. Is dit iets voor ons?", {"offering": "ijssalon"}),
    ("we make websites for small charities", {"offering": "websites", "audience": "small charities"}),
    ("yo ben fotograaf voor bruiloften, hoe werkt dit", {"offering": "fotograaf"}),
])
def test_an_opening_keeps_an_audience_only_when_it_names_people(opening, fields):
    sets = slot_sets(run(ValidateInterviewForm(), make_tracker(opening))[0])
    assert {key: sets[key] for key in ("offering", "audience") if key in sets} == fields


def test_one_platform_of_a_group_stopped_later_keeps_the_channel():
    """"Booking.com en Pitchup" and then "Airbnb hebben we opgezegd": marketplaces stay; a single channel
    said to be dropped at "any others?" goes."""
    more = make_tracker("Airbnb hebben we opgezegd. En een nieuwsbrief.", requested="channels_more",
                        slots={**before("channels"), "channels": ["marketplace", "website", "instagram"]},
                        entities=[("removed_channel", "marketplace"), ("channel", "email")])
    assert slot_sets(run(ValidateInterviewForm(), more)[0])["channels"] == ["marketplace", "website", "instagram", "email"]
    dropped = make_tracker("Instagram doen we niet meer eigenlijk", requested="channels_more",
                           slots={**before("channels"), "channels": ["website", "instagram"]},
                           entities=[("removed_channel", "instagram")])
    assert slot_sets(run(ValidateInterviewForm(), dropped)[0])["channels"] == ["website"]


def test_a_bare_number_answers_the_price_question():
    events, messages = run(ValidateInterviewForm(), make_tracker("3", requested="price"))
    assert slot_sets(events)["price"] == "3"
    # nothing said about the answer; the next open question (here the first) is asked right away
    assert slot_sets(events)["failures"] == {} and [m["text"] for m in messages] == [
        interview.question("business_name", "nl")["text"]]
    assert slot_sets(events)["asked"] == {"slot": "business_name", "times": 1}


def test_an_unusable_answer_is_counted_and_asked_again_with_the_choices_nearest_first():
    events, _ = run(ValidateInterviewForm(), make_tracker("blauw", requested="price"))
    sets = slot_sets(events)
    assert "price" not in sets and sets["failures"] == {"price": 1}
    ask_price = next(action() for action in ASK_ACTIONS if action().name() == "action_ask_price")
    _, first = run(ask_price, make_tracker("blauw", slots={"failures": {"price": 1}}, requested="price"))
    _, second = run(ask_price, make_tracker("groen", slots={"failures": {"price": 2}}, requested="price"))
    assert "'blauw'" in first[0]["text"] and len(first[0]["buttons"]) == 5
    assert not any(b["payload"] == "/skip" for b in first[0]["buttons"])
    assert any(b["payload"] == "/skip" for b in second[0]["buttons"])
    assert first[0]["text"] != second[0]["text"]  # never the same refusal twice


def test_the_nearest_choice_comes_first():
    ask_goal = next(action() for action in ASK_ACTIONS if action().name() == "action_ask_goal")
    said = "meer mensen binnen krijgen die ons nog niet kennen"
    _, messages = run(ask_goal, make_tracker(said, slots={"failures": {"goal": 1}}, requested="goal"))
    assert {b["payload"] for b in messages[0]["buttons"][:2]} == {"naamsbekendheid", "meer verkopen"}


def test_a_question_asked_three_times_without_an_answer_is_skipped_with_a_note():
    tracker = make_tracker("paars", requested="decision_time",
                           slots={"failures": {"decision_time": 2}, "asked": {"slot": "decision_time", "times": 3}})
    events, messages = run(ValidateInterviewForm(), tracker)
    sets = slot_sets(events)
    assert sets["skipped_slots"] == ["decision_time"] and sets["requested_slot"] != "decision_time"
    assert "Bedenktijd" in messages[-2]["text"]      # the note, then the next question
    assert messages[-1]["text"] == interview.question(sets["requested_slot"], "nl")["text"]


def test_skipping_moves_on_to_the_next_question_and_remembers_the_skip():
    tracker = make_tracker("/skip", intent="skip", requested="price", slots={"failures": {"price": 2}},
                           entities=[("command", "skip")])
    events, messages = run(ValidateInterviewForm(), tracker)
    sets = slot_sets(events)
    assert sets["skipped_slots"] == ["price"] and sets["requested_slot"] == "business_name"
    assert messages[0]["text"].startswith("Oké")


def test_a_confident_digression_during_a_closed_question_is_left_to_the_rules():
    events, _ = run(ValidateInterviewForm(), make_tracker("wat kun je allemaal?", intent="help", requested="price"))
    assert events == []


def test_a_question_about_the_question_is_explained_and_the_question_stays():
    tracker = make_tracker("wat bedoel je precies met kanalen?", intent="help", requested="channels",
                           slots=before("channels"))
    events, messages = run(ValidateInterviewForm(), tracker)
    assert slot_sets(events)["requested_slot"] == "channels" and "channels" not in slot_sets(events)
    explain = knowledge.text(knowledge.load("interview")["slots"]["channels"]["explain"], "nl")
    assert messages[0]["text"].startswith(explain)


def test_an_explicit_stop_is_left_to_the_rules_but_a_business_name_with_stop_is_the_answer():
    stop = make_tracker("stop", intent="stop", confidence=1.0, requested="business_name",
                        entities=[("command", "stop")])
    assert run(ValidateInterviewForm(), stop)[0] == []
    name = make_tracker("Stop & Go Fietsen", intent="stop", confidence=0.97, requested="business_name")
    assert slot_sets(run(ValidateInterviewForm(), name)[0])["business_name"] == "Stop & Go Fietsen"


def test_yes_is_not_a_business_name():
    events, _ = run(ValidateInterviewForm(), make_tracker("ja", intent="affirm", requested="business_name"))
    assert "business_name" not in slot_sets(events) and slot_sets(events)["failures"] == {"business_name": 1}


def test_off_topic_during_the_interview_is_answered_and_fills_nothing():
    tracker = make_tracker("wordt het morgen droog in Utrecht?", intent="out_of_scope", confidence=0.95,
                           requested="business_name", entities=[("channel", "store")])
    events, messages = run(ValidateInterviewForm(), tracker)
    sets = slot_sets(events)
    assert set(sets) == {"failures", "requested_slot", "asked"} and sets["requested_slot"] == "business_name"
    assert "niet mee helpen" in messages[0]["text"]
    assert messages[1]["text"] == interview.question("business_name", "nl")["text"]   # asked again


@pytest.mark.parametrize("said", ["in welk jaar werd de Afsluitdijk geopend", "at what time does the Louvre open"])
def test_a_question_without_a_question_mark_is_no_business_name(said):
    """A preposition before a question word starts a question ("in welk jaar ..."): no name, even with
    capitals in it, whatever the classifier read."""
    events, messages = run(ValidateInterviewForm(), make_tracker(said, intent="inform", confidence=0.6,
                                                                 requested="business_name"))
    assert "business_name" not in slot_sets(events) and messages


def test_the_same_answer_said_again_after_an_off_topic_reply_is_taken_as_the_answer():
    text = "Planningssoftware voor zorginstellingen"
    tracker = make_tracker(text, intent="out_of_scope", confidence=0.7, requested="offering", said_before=text)
    assert slot_sets(run(ValidateInterviewForm(), tracker)[0])["offering"] == text


def test_a_later_sentence_does_not_overwrite_the_offering():
    tracker = make_tracker("wij verkopen te weinig aan jongeren", requested="pain_points",
                           slots={"offering": "e-bikes"})
    sets = slot_sets(run(ValidateInterviewForm(), tracker)[0])
    assert "offering" not in sets and sets["pain_points"] == "wij verkopen te weinig aan jongeren"


def test_an_age_range_in_the_audience_is_never_the_price():
    tracker = make_tracker("mannen tussen 30 en 50", requested="audience", slots={"price": "8000 euro"})
    sets = slot_sets(run(ValidateInterviewForm(), tracker)[0])
    assert sets["audience"] == "mannen tussen 30 en 50" and "price" not in sets


def test_a_price_in_passing_does_not_overwrite_a_given_price_but_an_explicit_correction_does():
    passing = make_tracker("meteen, een ketel van 30 euro", requested="decision_time", slots={"price": "8000 euro"})
    assert "price" not in slot_sets(run(ValidateInterviewForm(), passing)[0])
    corrected = make_tracker("de prijs is eigenlijk 9000 euro", requested="decision_time",
                             slots={**before("decision_time"), "price": "8000 euro"})
    sets = slot_sets(run(ValidateInterviewForm(), corrected)[0])
    assert sets["price"] == "9000 euro" and sets["requested_slot"] == "decision_time"


def test_channels_in_passing_are_noted_and_the_channel_question_is_still_asked():
    tracker = make_tracker("ze kiezen meestal in de winkel na een proefrit, dat duurt een paar weken",
                           requested="decision_time", entities=[("channel", "store"), ("channel", "events")])
    sets = slot_sets(run(ValidateInterviewForm(), tracker)[0])
    assert sets["decision_time"].startswith("ze kiezen") and "channels" not in sets
    assert sets["channel_candidates"] == ["store", "events"]
    ask = next(action() for action in ASK_ACTIONS if action().name() == "action_ask_channels")
    _, messages = run(ask, make_tracker(slots={"channel_candidates": ["store"]}, requested="channels"))
    assert "Je noemde eigen winkel of vestiging al" in messages[0]["text"]


def test_the_channel_answer_adds_to_what_was_noted_and_any_others_is_asked_once():
    tracker = make_tracker("insta en facebook", requested="channels",
                           slots={**before("channels"), "channel_candidates": ["store"]},
                           entities=[("channel", "instagram"), ("channel", "facebook")])
    sets = slot_sets(run(ValidateInterviewForm(), tracker)[0])
    assert sets["channels"] == ["store", "instagram", "facebook"] and sets["requested_slot"] == "channels_more"
    more = make_tracker("nee dat was het", requested="channels_more",
                        slots={**before("channels"), "channels": sets["channels"]})
    sets = slot_sets(run(ValidateInterviewForm(), more)[0])
    assert sets["channels_more"] == "done" and sets["requested_slot"] == "goal"


def test_a_pain_point_is_never_a_channel_edit():
    tracker = make_tracker("onze actie staat nog niet op Instagram en ze bestellen uiteindelijk bij een webshop",
                           requested="pain_points", slots={"channels": ["store", "instagram"]},
                           entities=[("removed_channel", "instagram"), ("channel", "webshop")])
    sets = slot_sets(run(ValidateInterviewForm(), tracker)[0])
    assert "channels" not in sets and sets["pain_points"].startswith("onze actie")


def test_a_generic_word_in_passing_is_not_a_channel_but_counts_in_the_channel_answer():
    passing = make_tracker("lunch voor kantoren", requested="offering",
                           entities=[{"entity": "channel", "value": "store", "role": "weak"}])
    assert "channel_candidates" not in slot_sets(run(ValidateInterviewForm(), passing)[0])
    answer = make_tracker("de praktijk zelf", requested="channels",
                          entities=[{"entity": "channel", "value": "store", "role": "weak"}])
    assert slot_sets(run(ValidateInterviewForm(), answer)[0])["channels"] == ["store"]


def test_channels_mentioned_later_are_added_not_replaced():
    tracker = make_tracker("we zitten ook op LinkedIn", requested="goal", slots={"channels": ["store"]},
                           entities=[("channel", "linkedin")])
    assert slot_sets(run(ValidateInterviewForm(), tracker)[0])["channels"] == ["store", "linkedin"]
def test_a_huge_answer_is_cut_and_the_owner_is_told():
    events, messages = run(ValidateInterviewForm(), make_tracker("Bakkerij Van Dam " * 300, requested="business_name"))
    assert len(slot_sets(events)["business_name"]) <= 81
    assert "eerste 80 tekens" in messages[0]["text"]


def test_a_hostile_answer_is_kept_as_plain_text():
    hostile = "<script>alert('x')</script> '; DROP TABLE events; --"
    events, _ = run(ValidateInterviewForm(), make_tracker(hostile, requested="offering"))
    assert slot_sets(events)["offering"] == hostile


def test_the_market_question_has_quick_reply_buttons():
    ask = next(action() for action in ASK_ACTIONS if action().name() == "action_ask_market")
    _, messages = run(ask, make_tracker(requested="market"))
    assert [b["payload"] for b in messages[0]["buttons"]] == ["particulieren", "bedrijven", "allebei"]


def test_the_summary_lists_every_answer_and_asks_to_confirm():
    events, messages = run(ActionShowSummary(), make_tracker(slots={**EBIKE, "skipped_slots": []}, active=False))
    text = messages[0]["text"]
    assert "Fietsplus Utrecht" in text and "eigen winkel of vestiging, Facebook" in text
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/affirm", "/deny"]
    assert slot_sets(events) == {"interview_state": "confirming", "asked": None}


def test_resetting_a_field_empties_it_so_the_form_asks_again():
    events, _ = run(ActionResetField(), make_tracker(slots={**EBIKE, "field": "price"}, active=False))
    sets = slot_sets(events)
    assert sets["price"] is None and sets["interview_state"] == "interviewing"


def test_starting_again_after_a_journey_clears_the_old_answers():
    tracker = make_tracker("ik wil een nieuwe klantreis", intent="start_journey", active=False,
                           slots={**EBIKE, "interview_state": "done"})
    sets = slot_sets(run(ActionStartInterview(), tracker)[0])
    assert sets["price"] is None and sets["interview_state"] == "interviewing"


def test_the_journey_is_sent_per_stage_with_the_payload_in_the_same_turn(journey_schema):
    events, messages = run(ActionBuildJourney(), make_tracker(slots=EBIKE, active=False))
    payloads = [m["custom"] for m in messages if m.get("custom")]
    assert len(payloads) == 1
    jsonschema.validate(payloads[0]["journey"], journey_schema)
    stage_texts = [m["text"] for m in messages if m.get("text") and m["text"][:2] in {"1.", "2.", "3.", "4.", "5."}]
    assert len(stage_texts) == 5
    assert slot_sets(events) == {"involvement": "high", "interview_state": "done"}


UNSURE = {**ANSWERED, "offering": "rondleidingen door de oude binnenstad", "channels": ["website", "instagram"],
          "channels_more": "done"}


def test_the_kind_of_business_is_asked_only_when_the_rules_are_unsure_with_their_guess_first():
    sure = make_tracker("nee dat was het", requested="channels_more",
                        slots={**before("channels"), "channels": ["store"]})
    assert slot_sets(run(ValidateInterviewForm(), sure)[0])["requested_slot"] == "goal"
    unsure = make_tracker("nee dat was het", requested="channels_more",
                          slots={**UNSURE, "channels_more": None})
    assert slot_sets(run(ValidateInterviewForm(), unsure)[0])["requested_slot"] == "business_type"
    ask = next(action() for action in ASK_ACTIONS if action().name() == "action_ask_business_type")
    _, messages = run(ask, make_tracker(slots=UNSURE, requested="business_type"))
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert len(titles) == len(knowledge.load("business_types")["types"])
    assert titles[0] == knowledge.text(knowledge.load("business_types")["types"]["goods_shop"]["name"], "nl")


def test_the_kind_of_business_is_read_from_a_button_or_the_owners_words_and_asked_again_otherwise():
    events_name = knowledge.text(knowledge.load("business_types")["types"]["events_projects"]["name"], "nl")
    for said, kind in ((events_name, "events_projects"), ("horeca eigenlijk, we schenken ook koffie", "hospitality"),
                       ("we zijn een soort reisbureau voor bedrijven, advies dus", "b2b_project")):
        sets = slot_sets(run(ValidateInterviewForm(), make_tracker(said, requested="business_type", slots=UNSURE))[0])
        assert sets["business_type"] == kind and sets["requested_slot"] == "goal", said
    sets = slot_sets(run(ValidateInterviewForm(), make_tracker("tsja", requested="business_type", slots=UNSURE))[0])
    assert "business_type" not in sets and sets["failures"] == {"business_type": 1}
    assert sets["requested_slot"] == "business_type"
    ask = next(action() for action in ASK_ACTIONS if action().name() == "action_ask_business_type")
    _, messages = run(ask, make_tracker("tsja", slots={**UNSURE, "failures": {"business_type": 2}},
                                        requested="business_type"))
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert len(payloads) == len(knowledge.load("business_types")["types"]) + 1 and payloads[-1] == "/skip"


PAINED = {**ANSWERED, "channels": ["store"], "channels_more": "done", "goal": "loyalty"}
UNCOVERED = "de ouders appen me op alle uren van de dag"


def test_a_pain_no_rule_covers_gets_one_follow_up_with_problems_to_pick_from():
    covered = make_tracker("klanten komen niet opdagen", requested="pain_points", slots=PAINED)
    assert slot_sets(run(ValidateInterviewForm(), covered)[0])["requested_slot"] is None  # nothing to ask
    uncovered = make_tracker(UNCOVERED, requested="pain_points", slots=PAINED)
    assert slot_sets(run(ValidateInterviewForm(), uncovered)[0])["requested_slot"] == "pain_kind"
    ask = next(action() for action in ASK_ACTIONS if action().name() == "action_ask_pain_kind")
    _, messages = run(ask, make_tracker(slots={**PAINED, "pain_points": UNCOVERED}, requested="pain_kind"))
    assert UNCOVERED in messages[0]["text"]
    titles = [b["title"] for b in messages[0]["buttons"]]
    cfg = knowledge.load("pain_points")["follow_up"]
    assert titles[-1] == cfg["other_button"]["nl"] and len(titles) == cfg["shown"] + 1


def test_the_follow_up_answer_picks_a_problem_or_something_else_and_nonsense_is_asked_again():
    label = knowledge.load("pain_points")["follow_up"]["labels"]["lost_requests"]["nl"]
    # a label, "iets anders", or a problem in the owner's words that a rule covers
    for said, rule in ((label, "lost_requests"), ("iets anders", None), ("eigenlijk meer dat ze niet komen opdagen", "no_shows")):
        tracker = make_tracker(said, requested="pain_kind", slots={**PAINED, "pain_points": UNCOVERED})
        sets = slot_sets(run(ValidateInterviewForm(), tracker)[0])
        assert sets["pain_kind"] == {"pain": UNCOVERED, "rule": rule} and sets["requested_slot"] is None
    sets = slot_sets(run(ValidateInterviewForm(), make_tracker("pfff", requested="pain_kind",
                                                                  slots={**PAINED, "pain_points": UNCOVERED}))[0])
    assert "pain_kind" not in sets and sets["requested_slot"] == "pain_kind"


def test_changing_the_pain_points_clears_the_follow_up():
    events, _ = run(ActionResetField(), make_tracker(slots={**PAINED, "pain_points": UNCOVERED, "field": "pain_points",
                                                            "pain_kind": {"pain": UNCOVERED, "rule": None}}, active=False))
    sets = slot_sets(events)
    assert sets["pain_points"] is None and sets["pain_kind"] is None


def test_channels_noted_from_an_opening_are_named_as_a_list():
    """"Ik noteer eigen winkel of vestiging en Instagram als kanaal" (README), not "…, Instagram"."""
    tracker = make_tracker("Wij verkopen brood via onze winkel en Instagram", requested=None, active=False,
                           entities=[("channel", "store"), ("channel", "instagram")])
    _, messages = run(ValidateInterviewForm(), tracker)
    noted = next(m["text"] for m in messages if m.get("text", "").startswith("Ik noteer"))
    assert noted.startswith("Ik noteer eigen winkel of vestiging en Instagram als kanaal")


# --- the web widget's onboarding (issue #9) ----------------------------------------------------------------

def test_a_portals_prefill_skips_its_questions_and_is_said_back_once():
    prefill = {"business_name": "Bakkerij de Korenbloem", "website": "korenbloem.nl", "market": "particulieren"}
    tracker = make_tracker("/start_journey", intent="start_journey", metadata={"prefill": prefill})
    events, messages = run(ValidateInterviewForm(), tracker)
    sets = slot_sets(events)
    assert sets["business_name"] == "Bakkerij de Korenbloem" and sets["market"] == "b2c"
    assert sets["channel_candidates"] == ["website"]
    assert sets["requested_slot"] == "offering"
    assert len(messages) == 2 and "Bakkerij de Korenbloem" in messages[0]["text"]   # said back once, then
    assert messages[1]["text"] == interview.question("offering", "nl")["text"]       # the next question
    # the same prefill sent again with the next answer changes nothing and says nothing
    again = make_tracker("brood en gebak", requested="offering", slots=sets, metadata={"prefill": prefill})
    events, messages = run(ValidateInterviewForm(), again)
    assert slot_sets(events)["offering"] == "brood en gebak" and "business_name" not in slot_sets(events)
    assert not any("Korenbloem" in m["text"] for m in messages)


def test_the_question_being_asked_and_skipped_questions_are_left_to_the_owner():
    prefill = {"business_name": "Portal Name", "offering": "taarten"}
    tracker = make_tracker("Taartenhuis Zoet", requested="business_name", slots={"skipped_slots": ["offering"]},
                           metadata={"prefill": prefill})
    sets = slot_sets(run(ValidateInterviewForm(), tracker)[0])
    assert sets["business_name"] == "Taartenhuis Zoet" and "offering" not in sets


def test_the_channel_question_carries_checkboxes_and_every_question_its_progress():
    ask_channels = next(action for action in ASK_ACTIONS if action().slot == "channels")()
    tracker = make_tracker("een paar weken", slots={**ANSWERED, "channel_candidates": ["store"]},
                           requested="channels")
    _, messages = run(ask_channels, tracker)
    (asked,) = messages
    assert asked["progress"] == {"step": 8, "of": 10}
    assert [o["value"] for o in asked["multiselect"]["options"] if o["checked"]] == ["store"]
    ask_goal = next(action for action in ASK_ACTIONS if action().slot == "goal")()
    (goal,) = run(ask_goal, make_tracker("x", requested="goal"))[1]
    assert goal["progress"]["step"] == 9 and "multiselect" not in goal
