"""Issue #4's actions on trackers built from dicts: language, corrections after the journey, why,
follow-ups, stage models, starting over, the fallback."""
import jsonschema

from actions.conversation import ActionAskRestart, ActionFallback, ActionOfferStart, ValidateSlotMappings
from actions.interview import ValidateInterviewForm
from actions.journey import (ActionChooseModel, ActionCompareCurrent, ActionExplain, ActionPersona,
                             ActionPriorities, ActionStageDetail, ActionUpdateJourney)
from tests.profiles import EBIKE
from tests.test_actions import DOMAIN, make_tracker, run, slot_sets

DONE = {**EBIKE, "interview_state": "done"}


def texts(messages):
    return "\n".join(m.get("text") or "" for m in messages)


def extract_language(text, **slots):
    import asyncio
    from rasa_sdk.executor import CollectingDispatcher
    tracker = make_tracker(text, slots=slots, active=False)
    return asyncio.run(ValidateSlotMappings().extract_language(CollectingDispatcher(), tracker, DOMAIN))


def test_an_english_first_message_switches_the_conversation_to_english():
    assert extract_language("hi there, I want to map my customer journey") == {"language": "en"}
    assert extract_language("Facebook") == {}  # too short to tell: keep the language


def test_an_explicit_language_request_wins_and_sticks():
    assert extract_language("kunnen we in het Nederlands verder", language="en") == \
        {"language": "nl", "language_chosen": True}
    assert extract_language("we sell bread to our neighbours every day", language="nl", language_chosen=True) == {}


def test_a_channel_mentioned_after_the_journey_is_added_and_the_journey_rebuilt(journey_schema):
    tracker = make_tracker("we zitten ook op LinkedIn", active=False, slots={**DONE, "channels": ["store", "facebook"]},
                           entities=[("channel", "linkedin")])
    events, messages = run(ActionUpdateJourney(), tracker)
    assert slot_sets(events)["channels"] == ["store", "facebook", "linkedin"]
    assert messages[0]["text"].startswith("Aangepast: Kanalen")
    journey = next(m["custom"]["journey"] for m in messages if m.get("custom"))
    jsonschema.validate(journey, journey_schema)
    assert journey["profile"]["channels"] == ["store", "facebook", "linkedin"]


def test_a_corrected_price_after_the_journey_changes_the_involvement_reasons():
    tracker = make_tracker("de prijs is eigenlijk 50 euro", active=False, slots=DONE)
    _, messages = run(ActionUpdateJourney(), tracker)
    journey = next(m["custom"]["journey"] for m in messages if m.get("custom"))
    assert "Prijs" in messages[0]["text"] and any("€ 50" in r for r in journey["involvement"]["reasons"])


def test_a_negated_channel_after_the_journey_is_taken_out():
    tracker = make_tracker("we zitten niet meer op Facebook", active=False, slots=DONE,
                           entities=[("removed_channel", "facebook")])
    events, _ = run(ActionUpdateJourney(), tracker)
    assert slot_sets(events)["channels"] == ["store"]


def test_an_explicit_correction_may_change_a_protected_answer():
    tracker = make_tracker("de doelgroep is eigenlijk jonge gezinnen", active=False, slots=DONE)
    events, _ = run(ActionUpdateJourney(), tracker)
    assert slot_sets(events)["audience"] == "jonge gezinnen"


def test_after_the_journey_a_free_text_answer_is_not_changed_by_a_passing_sentence():
    tracker = make_tracker("wij verkopen vooral in het weekend", active=False, slots=DONE)
    events, messages = run(ActionUpdateJourney(), tracker)
    assert "offering" not in slot_sets(events) and "geen nieuwe gegevens" in messages[0]["text"]


def test_a_message_without_new_details_after_the_journey_says_so():
    events, messages = run(ActionUpdateJourney(), make_tracker("nou", active=False, slots=DONE))
    assert "geen nieuwe gegevens" in messages[0]["text"] and not any(m.get("custom") for m in messages)


def test_why_during_the_interview_explains_the_question():
    _, messages = run(ActionExplain(), make_tracker("waarom?", intent="ask_why", requested="price"))
    assert messages[0]["text"].startswith("Waarom ik dit vraag") and "uitgave" in messages[0]["text"]


def test_why_after_the_journey_gives_the_reasons_of_a_stage_or_the_involvement():
    _, stage = run(ActionExplain(), make_tracker("waarom bij aankoop?", active=False, slots={**DONE, "stage": "purchase"}))
    assert "Waarom dit advies bij Aankoop" in stage[0]["text"] and " — " in stage[0]["text"]
    _, level = run(ActionExplain(), make_tracker("waarom hoge betrokkenheid?", active=False, slots=DONE))
    assert "€ 3.000" in level[0]["text"]


def test_what_to_do_first_puts_what_goes_wrong_before_new_advice():
    _, messages = run(ActionPriorities(), make_tracker("wat moet ik eerst doen?", active=False,
                                                       slots={**DONE, "channels": ["store"]}))
    text = messages[0]["text"]
    assert text.count("Waarom eerst") == 3 and "dit gaat nu mis" in text.split("2.")[0]


def test_a_stage_in_depth_lists_every_tactic_with_its_why():
    _, messages = run(ActionStageDetail(), make_tracker("vertel meer over de aankoop", active=False,
                                                        slots={**DONE, "stage": "purchase"}))
    assert messages[0]["text"].startswith("Aankoop") and "(Op het beslismoment" in messages[0]["text"]


def test_a_stage_detail_without_a_stage_asks_which_one():
    _, messages = run(ActionStageDetail(), make_tracker("vertel meer", active=False, slots=DONE))
    assert len(messages[0]["buttons"]) == 5


def test_persona_has_pains_relievers_gains_and_creators():
    _, messages = run(ActionPersona(), make_tracker("persona", active=False, slots=DONE))
    text = messages[0]["text"]
    for part in ("Persona: 55-plussers", "Pijnpunten", "Pijnverzachters", "Wensen", "Voordeelmakers",
                 "klanten twijfelen tussen merken"):
        assert part in text


def test_compare_with_today_lists_now_and_what_to_add_per_stage():
    _, messages = run(ActionCompareCurrent(), make_tracker("vergelijk met nu", active=False, slots=DONE))
    assert "Oriëntatie: nu: eigen winkel of vestiging, Facebook → erbij:" in messages[0]["text"]


def test_follow_ups_before_the_journey_offer_to_start_first():
    _, messages = run(ActionPersona(), make_tracker("persona", active=False))
    assert messages[0]["buttons"][0]["payload"] == "/start_journey"


def test_choosing_a_model_without_naming_one_offers_each_with_a_one_line_explanation():
    _, messages = run(ActionChooseModel(), make_tracker("welke fasemodellen zijn er?", intent="choose_model", active=False))
    assert len(messages[0]["buttons"]) == 6 and all(": " in b["title"] for b in messages[0]["buttons"])


def test_choosing_a_model_after_the_journey_rebuilds_it_in_that_model():
    tracker = make_tracker("see think do care graag", intent="choose_model", active=False,
                           slots={**DONE, "stage_model": "see_think_do_care"})
    tracker.latest_message["entities"] = [{"entity": "stage_model", "value": "see_think_do_care"}]
    _, messages = run(ActionChooseModel(), tracker)
    journey = next(m["custom"]["journey"] for m in messages if m.get("custom"))
    assert [s["id"] for s in journey["stages"]] == ["see", "think", "do", "care"]


def test_starting_over_asks_first_only_when_answers_would_be_lost():
    events, messages = run(ActionAskRestart(), make_tracker("opnieuw beginnen", active=False, slots=DONE))
    assert slot_sets(events) == {"pending_confirmation": "restart"} and len(messages[0]["buttons"]) == 2
    events, _ = run(ActionAskRestart(), make_tracker("opnieuw beginnen", active=False))
    assert any(e.get("event") == "restart" for e in events)


def test_the_second_fallback_in_a_row_offers_buttons():
    tracker = make_tracker("blablabla", intent="nlu_fallback", active=False)
    tracker.events[0:0] = [{"event": "user", "text": "qwerty", "parse_data": {"intent": {"name": "nlu_fallback"}}},
                           {"event": "action", "name": "action_fallback"},
                           {"event": "action", "name": "action_listen"}]
    _, second = run(ActionFallback(), tracker)
    _, first = run(ActionFallback(), make_tracker("qwerty", intent="nlu_fallback", active=False))
    assert "buttons" not in first[0] or not first[0]["buttons"]
    assert second[0]["buttons"]


def test_after_a_question_during_the_interview_the_next_question_skips_skipped_slots():
    tracker = make_tracker("wat is een touchpoint?", intent="faq", confidence=0.9, requested="price",
                           slots={**{k: EBIKE[k] for k in ("business_name", "offering", "market", "audience")},
                                  "skipped_slots": ["price"]})
    tracker.events.append({"event": "action_execution_rejected", "name": "interview_form"})
    events, _ = run(ValidateInterviewForm(), tracker)
    assert slot_sets(events) == {"requested_slot": "purchase_frequency",
                                 "asked": {"slot": "purchase_frequency", "times": 1}}


def test_a_plain_why_after_the_journey_gives_the_involvement_and_the_biggest_stages_reasons():
    _, messages = run(ActionExplain(), make_tracker("waarom?", intent="ask_why", active=False, slots=DONE))
    assert len(messages) == 2 and "€ 3.000" in messages[0]["text"]
    assert messages[1]["text"].startswith("Ik geef advies volgens vaste regels")


def test_outside_the_interview_an_faq_answer_or_an_off_topic_reply_leaves_the_way_in_open():
    # before any interview: a start button after the FAQ answer
    _, after_faq = run(ActionOfferStart(), make_tracker("wat is een klantreis?", intent="faq", active=False))
    assert after_faq[0]["text"].startswith("Zal ik jouw klantreis") and after_faq[0]["buttons"][0]["payload"] == "/start_journey"
    # off-topic: the off-topic answer itself, with the button
    _, off_topic = run(ActionOfferStart(), make_tracker("wordt het droog?", intent="out_of_scope", active=False))
    assert off_topic[0]["response"] == "utter_out_of_scope" and off_topic[0]["buttons"][0]["payload"] == "/start_journey"
    # after a stop: resume; after the journey: no button
    _, stopped = run(ActionOfferStart(), make_tracker("wat is een touchpoint?", intent="faq", active=False,
                                                      slots={"interview_state": "interviewing"}))
    assert stopped[0]["buttons"][0]["title"] == "Verder met de vragen"
    _, done = run(ActionOfferStart(), make_tracker("wat is een touchpoint?", intent="faq", active=False,
                                                   slots={"interview_state": "done"}))
    assert done == []
