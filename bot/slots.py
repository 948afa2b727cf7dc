"""Fixed names in one place: slot names, interview states and the intents the dialogue treats specially.

The interview's questions and their order are defined once, in knowledge/interview.yml (`order`);
`INTERVIEW` below is read from there, and a test checks that domain.yml's form and profile.py agree.
"""
from __future__ import annotations

from typing import Tuple

from bot import knowledge

# --- the interview (DESIGN.md contract) -------------------------------------------------------------
INTERVIEW: Tuple[str, ...] = tuple(knowledge.load("interview")["order"])
BUSINESS_NAME, OFFERING, MARKET, AUDIENCE, PRICE = "business_name", "offering", "market", "audience", "price"
PURCHASE_FREQUENCY, DECISION_TIME, CHANNELS, GOAL, PAIN_POINTS = (
    "purchase_frequency", "decision_time", "channels", "goal", "pain_points")
# answers kept as the owner typed them: the whole message is the answer to their question
FREE_TEXT: Tuple[str, ...] = (BUSINESS_NAME, OFFERING, AUDIENCE, PAIN_POINTS)
# the form asks this internal slot right after `channels`: "Noted: X, Y. Any other channels?"
CHANNELS_MORE = "channels_more"
# and this one after the channels, only when the rules are unsure what kind of business it is
BUSINESS_TYPE = "business_type"         # the owner's kind of business (asked or corrected); None = derived
# and, last, one follow-up when a pain point matches no pain rule: "Lijkt het op een van deze?"
PAIN_KIND = "pain_kind"                 # {"pain": the item, "rule": the rule picked, or None: something else}
FORM_SLOTS: Tuple[str, ...] = INTERVIEW[:INTERVIEW.index(CHANNELS) + 1] + (CHANNELS_MORE, BUSINESS_TYPE) + \
    INTERVIEW[INTERVIEW.index(CHANNELS) + 1:] + (PAIN_KIND,)

# --- internal slots (docs/DESIGN-NOTES.md) ---------------------------------------------------------------
LANGUAGE, LANGUAGE_CHOSEN = "language", "language_chosen"
REQUESTED_SLOT = "requested_slot"
INTERVIEW_STATE = "interview_state"
SKIPPED = "skipped_slots"
FAILURES = "failures"                   # {slot: unusable answers in a row}
ASKED = "asked"                         # {"slot": the last question asked, "times": in a row}
CHANNEL_CANDIDATES = "channel_candidates"  # channels mentioned in passing, shown at the channel question
FIELD = "field"
PENDING_CONFIRMATION = "pending_confirmation"
INVOLVEMENT = "involvement"
STAGE_MODEL, MAP_TYPE, STAGE = "stage_model", "map_type", "stage"

# interview_state values
INTERVIEWING, CONFIRMING, DONE = "interviewing", "confirming", "done"
CHANNELS_DONE = "done"                  # the value of channels_more once the channel list is complete

# --- intents ------------------------------------------------------------------------------------------
# Intents that step out of the interview for a moment: each has a rule "... during the interview" that
# answers it and lets the form ask its question again (a test checks data/rules.yml for every one).
CONTROL_INTENTS = ("greet", "goodbye", "help", "start_over", "out_of_scope", "bot_challenge",
                   "thanks", "change_field", "faq", "ask_why", "insult", "stop", "switch_language", "choose_model",
                   "set_business_type")
# "Start the interview" while it runs is no step out: the form asks its question again (bot/turn.py)
START_JOURNEY = "start_journey"
# Intents that lose or end the interview: never acted on from a guess (bot/turn.py).
DESTRUCTIVE_INTENTS = ("stop", "start_over")
OUT_OF_SCOPE = "out_of_scope"
# the widget's channel checkboxes answer with this payload intent: the ticked channels are the whole list
SELECT_CHANNELS = "select_channels"
SKIP = "skip"
