"""Custom actions, run on trackers built from dicts (no server): the form's validation, the questions,
the summary and the journey payload."""
import asyncio
from pathlib import Path

import jsonschema
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.interview import ActionStartInterview, ValidateInterviewForm, ASK_ACTIONS
from actions.journey import ActionBuildJourney
from actions.summary import ActionResetField, ActionShowSummary
from tests.profiles import EBIKE

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def make_tracker(text="", intent="inform", confidence=0.9, slots=None, turn=None, requested=None,
                 history=None, active=True):
    """A tracker whose latest user message is `text`; `turn` are the slots that message set
    (as Rasa's slot mappings would), `slots` what was known before, `history` earlier slot events."""
    turn = turn or {}
    events = [{"event": "slot", "name": k, "value": v} for k, v in (history or {}).items()]
    events.append({"event": "user", "text": text, "parse_data": {"intent": {"name": intent, "confidence": confidence}}})
    events += [{"event": "slot", "name": k, "value": v} for k, v in turn.items()]
    all_slots = {"language": "nl", "requested_slot": requested, **(history or {}), **(slots or {}), **turn}
    return Tracker.from_dict({
        "sender_id": "test", "slots": all_slots, "events": events, "paused": False, "followup_action": None,
        "latest_message": {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []},
        "active_loop": {"name": "interview_form"} if active else {}, "latest_action_name": "action_listen",
    })


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return events, dispatcher.messages


def slot_sets(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_a_rich_first_message_keeps_every_slot_it_filled():
    tracker = make_tracker("Wij verkopen e-bikes van 3000 euro aan 55-plussers via onze winkel en Facebook",
                           turn={"offering": "e-bikes", "audience": "55-plussers", "price": "3000 euro",
                                 "channels": ["store", "facebook"]})
    events, _ = run(ValidateInterviewForm(), tracker)
    assert slot_sets(events) == {"offering": "e-bikes", "audience": "55-plussers", "price": "3000 euro",
                                 "channels": ["store", "facebook"]}


def test_a_bare_number_answers_the_price_question():
    events, messages = run(ValidateInterviewForm(), make_tracker("3", requested="price"))
    assert slot_sets(events)["price"] == "3"
    assert slot_sets(events)["failures"] == {} and not messages


def test_an_unusable_answer_is_explained_with_examples_and_counted():
    events, messages = run(ValidateInterviewForm(), make_tracker("geen idee eigenlijk", requested="price"))
    sets = slot_sets(events)
    assert sets["price"] is None and sets["failures"] == {"price": 1}
    assert "€ 3" in messages[0]["text"] and "rond de 2.000" in messages[0]["text"]


def test_after_two_failures_the_question_offers_to_skip():
    ask_price = next(action() for action in ASK_ACTIONS if action().name() == "action_ask_price")
    _, first = run(ask_price, make_tracker(slots={"failures": {"price": 1}}, requested="price"))
    _, second = run(ask_price, make_tracker(slots={"failures": {"price": 2}}, requested="price"))
    assert not any(b["payload"] == "/skip" for b in first[0]["buttons"])
    assert any(b["payload"] == "/skip" for b in second[0]["buttons"])


def test_skipping_moves_on_to_the_next_question_and_remembers_the_skip():
    events, messages = run(ValidateInterviewForm(), make_tracker("/skip", intent="skip", requested="price",
                                                                 slots={"failures": {"price": 2}}))
    sets = slot_sets(events)
    assert sets["skipped_slots"] == ["price"] and sets["requested_slot"] == "business_name"
    assert messages[0]["text"].startswith("Oké")


def test_skipped_slots_are_not_required_any_more():
    tracker = make_tracker(slots={"skipped_slots": ["price"]})
    required = asyncio.run(ValidateInterviewForm().required_slots(
        DOMAIN["forms"]["interview_form"]["required_slots"], CollectingDispatcher(), tracker, DOMAIN))
    assert "price" not in required and "goal" in required


def test_a_digression_is_left_to_the_rules():
    events, _ = run(ValidateInterviewForm(), make_tracker("wat bedoel je?", intent="help", requested="price"))
    assert events == []


def test_a_later_sentence_does_not_overwrite_the_offering():
    tracker = make_tracker("wij verkopen te weinig aan jongeren", requested="pain_points",
                           history={"offering": "e-bikes"}, turn={"offering": "te weinig", "audience": "jongeren"})
    sets = slot_sets(run(ValidateInterviewForm(), tracker)[0])
    assert sets["offering"] == "e-bikes" and sets["pain_points"] == "wij verkopen te weinig aan jongeren"


def test_channels_mentioned_later_are_added_not_replaced():
    tracker = make_tracker("we zitten ook op LinkedIn", requested="goal", history={"channels": ["store"]},
                           turn={"channels": ["linkedin"]})
    assert slot_sets(run(ValidateInterviewForm(), tracker)[0])["channels"] == ["store", "linkedin"]


def test_a_huge_answer_is_cut_and_the_owner_is_told():
    events, messages = run(ValidateInterviewForm(), make_tracker("X" * 5000, requested="business_name"))
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
    assert slot_sets(events) == {"interview_state": "confirming"}


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
