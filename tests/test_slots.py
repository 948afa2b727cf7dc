"""The fixed names agree everywhere: the interview's questions are defined once (interview.yml), and the
domain's form, the profile and the rules follow them."""
from dataclasses import fields
from pathlib import Path

import yaml

from bot import slots as S
from bot.profile import PROFILE_SLOTS, Profile

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
RULES = yaml.safe_load((ROOT / "data" / "rules.yml").read_text(encoding="utf-8"))["rules"]


def test_the_interview_order_is_the_design_contract():
    assert S.INTERVIEW == ("business_name", "offering", "market", "audience", "price", "purchase_frequency",
                           "decision_time", "channels", "goal", "pain_points")


def test_the_domain_form_asks_the_interview_questions_in_order():
    assert tuple(DOMAIN["forms"]["interview_form"]["required_slots"]) == S.FORM_SLOTS
    assert [slot for slot in S.FORM_SLOTS if slot not in (S.CHANNELS_MORE, S.BUSINESS_TYPE, S.PAIN_KIND)] == list(S.INTERVIEW)


def test_the_profile_holds_exactly_the_interview_answers():
    assert PROFILE_SLOTS == S.INTERVIEW
    assert [f.name for f in fields(Profile)][:len(S.INTERVIEW)] == list(S.INTERVIEW)


def test_every_form_slot_has_a_domain_slot_and_an_ask_action():
    for slot in S.FORM_SLOTS:
        assert slot in DOMAIN["slots"], slot
        assert f"action_ask_{slot}" in DOMAIN["actions"], slot
        assert DOMAIN["slots"][slot]["mappings"] == [{"type": "custom"}], slot  # only the form fills them


def test_every_internal_slot_name_is_a_domain_slot():
    for name in (S.LANGUAGE, S.LANGUAGE_CHOSEN, S.INTERVIEW_STATE, S.SKIPPED, S.FAILURES, S.ASKED,
                 S.CHANNEL_CANDIDATES, S.FIELD, S.PENDING_CONFIRMATION, S.INVOLVEMENT, S.STAGE_MODEL, S.MAP_TYPE,
                 S.STAGE):
        assert name in DOMAIN["slots"], name
    states = DOMAIN["slots"][S.INTERVIEW_STATE]["values"]
    assert {S.INTERVIEWING, S.CONFIRMING, S.DONE} == set(states)


def test_every_control_intent_has_a_rule_during_the_interview():
    """A command that interrupts a question is answered by a rule, after which the form asks again."""
    in_form = set()
    for rule in RULES:
        if {"active_loop": "interview_form"} in rule.get("condition", []):
            in_form |= {step["intent"] for step in rule["steps"] if "intent" in step}
    anywhere = {step["intent"] for rule in RULES if not rule.get("condition") for step in rule["steps"][:1]
                if "intent" in step}
    for intent in S.CONTROL_INTENTS:
        assert intent in in_form or intent in anywhere, intent
        assert intent in DOMAIN["intents"], intent
