"""Journey assembly: the contract shape, stage weights, touchpoints, tactics and the warnings."""
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from bot import knowledge
from bot.journey import build, split_pain_points
from bot.profile import Profile
from bot.render import chat
from tests.profiles import BAKERY, EBIKE, SOFTWARE, WEBSHOP

ALL = [BAKERY, EBIKE, SOFTWARE, WEBSHOP]
ROOT = Path(__file__).resolve().parents[1]


def journey_for(profile, **extra):
    return build(Profile.from_slots({**profile, **extra}))


@pytest.mark.parametrize("profile", ALL, ids=["bakery", "ebike", "software", "webshop"])
def test_every_journey_matches_the_contract_schema(profile, journey_schema):
    journey = journey_for(profile)
    jsonschema.validate(journey, journey_schema)
    assert journey["schema"] == "reiswijzer.journey/v1" and journey["map_type"] == "future_state"
    assert [stage["id"] for stage in journey["stages"]] == \
        ["orientation", "consideration", "purchase", "usage", "evaluation"]


@pytest.mark.parametrize("model", ["aida_loyalty", "four_phase", "see_think_do_care"])
def test_the_other_stage_models_also_give_a_valid_journey(model, journey_schema):
    journey = journey_for(EBIKE, stage_model=model)
    jsonschema.validate(journey, journey_schema)
    assert journey["stage_model"] == model
    assert [s["id"] for s in journey["stages"]] == \
        [s["id"] for s in knowledge.load("stage_models")["models"][model]["stages"]]


BUILD_IN_A_NEW_PROCESS = """
import json, sys
from bot.journey import build
from bot.profile import Profile
print(json.dumps(build(Profile.from_slots(json.loads(sys.argv[1]))), sort_keys=True))
"""


@pytest.mark.parametrize("profile", ALL, ids=["bakery", "ebike", "software", "webshop"])
def test_the_same_answers_give_the_same_journey_in_separate_processes(profile):
    """Two fresh interpreters (each with its own hash seed) build byte-identical journeys."""
    outputs = []
    for seed in ("1", "2"):
        result = subprocess.run([sys.executable, "-c", BUILD_IN_A_NEW_PROCESS, json.dumps(profile)], cwd=ROOT,
                                env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)},
                                capture_output=True, text=True, timeout=120, check=True)
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1] and json.loads(outputs[0]) == json.loads(json.dumps(journey_for(profile)))


def test_high_involvement_gives_orientation_and_consideration_more_of_the_time():
    low = {s["id"]: s["weight"] for s in journey_for(BAKERY)["stages"]}
    high = {s["id"]: s["weight"] for s in journey_for(EBIKE)["stages"]}
    assert high["orientation"] + high["consideration"] > 0.6 > low["orientation"] + low["consideration"]
    assert sum(high.values()) == pytest.approx(1.0, abs=0.01)


def test_high_involvement_adds_a_decision_step():
    ids = lambda j: {t["id"] for s in j["stages"] for t in s["tactics"]}  # noqa: E731
    assert "decision_step_personal_advice" in ids(journey_for(EBIKE))
    assert "decision_step_personal_advice" not in ids(journey_for(BAKERY))


def test_the_owners_channels_are_existing_touchpoints_and_others_are_recommended():
    journey = journey_for(EBIKE)
    existing = {tp["channel"] for s in journey["stages"] for tp in s["touchpoints"] if tp["status"] == "existing"}
    recommended = {tp["channel"] for s in journey["stages"] for tp in s["touchpoints"] if tp["status"] == "recommended"}
    assert existing == {"store", "facebook"}
    assert recommended and not recommended & existing


def test_every_tactic_and_touchpoint_says_why():
    for profile in ALL:
        for stage in journey_for(profile)["stages"]:
            assert all(t["why"] for t in stage["tactics"]) and all(tp["why"] for tp in stage["touchpoints"])


def test_a_goal_moves_its_tactics_up():
    def rank_of(goal, tactic_id):
        stage = journey_for(BAKERY, goal=goal)["stages"][4]
        return [t["id"] for t in stage["tactics"]].index(tactic_id)
    assert rank_of("loyalty", "loyalty_card") == 0 < rank_of("reviews", "loyalty_card")


def warning_ids(journey):
    return {warning["id"] for warning in journey["warnings"]}


def test_an_offer_in_the_local_paper_that_the_webshop_does_not_show_is_warned_about():
    journey = journey_for(WEBSHOP)
    assert "print_offer_not_online" in warning_ids(journey)
    warning = next(w for w in journey["warnings"] if w["id"] == "print_offer_not_online")
    assert warning["stage"] == "purchase" and "huis-aan-huisblad" in warning["text"]


def test_a_cart_reminder_after_a_broken_checkout_is_warned_about():
    journey = journey_for(WEBSHOP)
    assert {"cart_mail_after_failed_payment", "checkout_problems_reported"} <= warning_ids(journey)


def test_high_involvement_without_any_proof_channel_is_warned_about():
    assert "high_involvement_without_proof" in warning_ids(journey_for(EBIKE, channels=["store"]))
    assert "high_involvement_without_proof" not in warning_ids(journey_for(EBIKE))  # facebook carries reviews


def test_a_b2b_journey_with_no_person_to_talk_to_is_warned_about():
    assert "b2b_without_person" in warning_ids(journey_for(SOFTWARE))
    assert "b2b_without_person" not in warning_ids(journey_for(SOFTWARE, channels=["website", "sales_team"]))


def test_a_webshop_with_no_after_sale_contact_is_warned_about():
    assert "webshop_without_aftercare" in warning_ids(journey_for(WEBSHOP, channels=["webshop"]))
    assert "webshop_without_aftercare" not in warning_ids(journey_for(WEBSHOP))


def test_warnings_come_most_severe_first():
    severities = [w["severity"] for w in journey_for(WEBSHOP)["warnings"]]
    assert severities == sorted(severities, reverse=True)


def test_pain_points_land_in_the_stage_they_are_about_and_lower_its_emotion():
    journey = journey_for(WEBSHOP)
    purchase = next(s for s in journey["stages"] if s["id"] == "purchase")
    assert any("afrekenen" in p for p in purchase["pain_points"])
    baseline = next(s for s in journey_for(WEBSHOP, pain_points="geen")["stages"] if s["id"] == "purchase")
    assert purchase["emotion"] == baseline["emotion"] - 1


def test_none_means_no_pain_points():
    assert split_pain_points("geen") == [] and split_pain_points(None) == []
    assert split_pain_points("de site is traag, klanten bellen niet terug") == \
        ["de site is traag", "klanten bellen niet terug"]
    assert split_pain_points("mensen vragen offertes maar reageren niet") == ["mensen vragen offertes maar reageren niet"]


def test_an_english_profile_gives_an_english_journey():
    journey = journey_for(EBIKE, language="en")
    assert journey["language"] == "en" and journey["stages"][0]["name"] == "Orientation"
    assert journey["stages"][0]["customer_goal"].startswith("I have a need")
    assert journey["involvement"]["reasons"][0].startswith("A price of")


def test_chat_rendering_gives_one_message_per_stage_plus_intro_warnings_and_outro():
    journey = journey_for(EBIKE)
    messages = chat.render(journey)
    assert len(messages) == len(journey["stages"]) + 3
    assert messages[1].startswith("1. Oriëntatie") and "Doen:" in messages[1] and "Meten:" in messages[1]
    assert "Waarom:" in messages[0]


def test_chat_shows_at_most_four_tactics_per_stage():
    for message in chat.render(journey_for(EBIKE))[1:6]:
        assert 2 <= message.split("Doen:")[1].split("Meten:")[0].count("• ") <= 4


def test_a_current_state_map_shows_only_todays_touchpoints_and_lists_the_gaps(journey_schema):
    journey = journey_for(EBIKE, map_type="current_state")
    jsonschema.validate(journey, journey_schema)
    assert journey["map_type"] == "current_state"
    assert all(tp["status"] == "existing" for s in journey["stages"] for tp in s["touchpoints"])
    assert any(gap["channel"] == "google_business" for s in journey["stages"] for gap in s["gaps"])


def test_a_skipped_question_leaves_a_note_in_the_journey():
    journey = journey_for({**EBIKE, "price": None}, skipped_slots=["price"])
    assert journey["notes"] == ["'Prijs' is overgeslagen; het advies houdt daar geen rekening mee."]
    assert journey_for(EBIKE, skipped_slots=["price"])["notes"] == []  # answered later after all


def test_priorities_put_severe_warnings_first_then_tactics_that_serve_the_goal():
    from bot.followup import priorities
    items = priorities(journey_for(WEBSHOP))
    assert len(items) == 3 and "gaat nu mis" in items[0]["because"]
    goal_first = priorities(journey_for(BAKERY, goal="reviews", channels=["store", "google_business", "email"]))
    assert any("doel" in item["because"] for item in goal_first)


def test_a_persona_draws_relievers_and_creators_from_the_journeys_own_tactics():
    from bot.followup import persona
    profile = Profile.from_slots(SOFTWARE)
    sketch = persona(profile, build(profile))
    tactic_texts = {t["text"] for s in build(profile)["stages"] for t in s["tactics"]}
    assert sketch["pains"][0] == "demo's leiden zelden tot een offerte"
    assert sketch["pain_relievers"] and set(sketch["pain_relievers"]) <= tactic_texts
    assert sketch["gain_creators"] and set(sketch["gain_creators"]) <= tactic_texts
