"""Conversation housekeeping: the language, starting over (with a check), stopping, and the fallback."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker, ValidationAction
from rasa_sdk.events import ActiveLoop, EventType, Restarted, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.tracker import first_message, language
from bot import interview, knowledge
from bot import slots as S
from bot.parse import language as languages


class ValidateSlotMappings(ValidationAction):
    """Runs after every user message: sets `language` from an explicit request ("in English please")
    or, until the owner chose one, from a message that is clearly in the other language."""

    def domain_slots(self, domain: DomainDict) -> List[Text]:
        # the one slot extracted here; named in code so Rasa need not send the domain (endpoints.yml)
        return [S.LANGUAGE]

    async def extract_language(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> Dict[Text, Any]:
        return languages.language_update(tracker.latest_message or {},
                                         chosen=bool(tracker.get_slot("language_chosen")),
                                         current=language(tracker), first_message=first_message(tracker))


class ActionLanguageSwitched(Action):
    def name(self) -> Text:
        return "action_language_switched"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        lang = language(tracker)
        if not languages.requested_language(tracker.latest_message.get("text")):
            lang = "en" if lang == "nl" else "nl"  # "another language please": the other one
        dispatcher.utter_message(text=knowledge.message("language_switched", lang))
        return [SlotSet("language", lang), SlotSet("language_chosen", True)]


def _restart(dispatcher: CollectingDispatcher, lang: str) -> List[EventType]:
    """Clears the conversation, keeping only its language."""
    dispatcher.utter_message(response="utter_restart")
    return [Restarted(), SlotSet("language", lang)]


def _has_answers(tracker: Tracker) -> bool:
    return any(tracker.get_slot(slot) not in (None, []) for slot in interview.order())


class ActionAskRestart(Action):
    """"opnieuw beginnen": restarts at once when nothing would be lost, otherwise asks first."""

    def name(self) -> Text:
        return "action_ask_restart"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        lang = language(tracker)
        if not _has_answers(tracker):
            return _restart(dispatcher, lang)
        dispatcher.utter_message(text=knowledge.message("confirm_restart", lang), buttons=[
            {"title": knowledge.message("confirm_restart_yes", lang), "payload": "/affirm"},
            {"title": knowledge.message("confirm_restart_no", lang), "payload": "/deny"}])
        events: List[EventType] = [SlotSet("pending_confirmation", "restart")]
        if tracker.active_loop_name:
            # the interview waits for the answer: without this the form would ask its question again at
            # once, under "are you sure?", and read "nee" as the answer to it. "Nee" resumes it (rules.yml).
            events += [ActiveLoop(None), SlotSet("requested_slot", None)]
        return events


class ActionAnswerRestart(Action):
    """The answer to "are you sure?": yes restarts, anything else carries on where we were."""

    def name(self) -> Text:
        return "action_answer_restart"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        lang = language(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent in ("affirm", "start_over"):
            return _restart(dispatcher, lang)
        dispatcher.utter_message(text=knowledge.message("restart_cancelled", lang))
        # the question that was pending is asked afresh: the interruption counts as no try at it
        return [SlotSet("pending_confirmation", None), SlotSet(S.ASKED, None)]


class ActionStop(Action):
    """"stop": ends the interview for now; the answers are kept, "verder"/"hoi" picks it up again."""

    def name(self) -> Text:
        return "action_stop"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        dispatcher.utter_message(text=knowledge.message("stopped", language(tracker)))
        return [ActiveLoop(None), SlotSet("requested_slot", None)]


class ActionOfferStart(Action):
    """After an FAQ answer or an off-topic reply outside the interview: the way in, as a button
    ("Klantreis maken"), while no journey has been made yet; a stopped interview is offered to resume.
    An off-topic message gets the off-topic answer itself (with the button when the way in is open)."""

    def name(self) -> Text:
        return "action_offer_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        lang = language(tracker)
        done = tracker.get_slot(S.INTERVIEW_STATE) == S.DONE
        started = tracker.get_slot(S.INTERVIEW_STATE) == S.INTERVIEWING
        buttons = [] if done else [{"title": knowledge.message("choice_resume" if started else "choice_start", lang),
                                    "payload": "/start_journey"}]
        if (tracker.latest_message.get("intent") or {}).get("name") == S.OUT_OF_SCOPE:
            dispatcher.utter_message(response="utter_out_of_scope", buttons=buttons)
        elif buttons:
            dispatcher.utter_message(text=knowledge.message("offer_resume" if started else "offer_start", lang),
                                     buttons=buttons)
        return []


class ActionFallback(Action):
    """Below the NLU confidence threshold, or when no rule fits: asks to rephrase; the second time in a
    row it offers the choices that make sense now as buttons."""

    def name(self) -> Text:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        lang = language(tracker)
        if _previous_turn_was_fallback(tracker):
            dispatcher.utter_message(text=knowledge.message("fallback_again", lang), buttons=choices(tracker, lang))
        else:
            dispatcher.utter_message(text=knowledge.message("fallback_first", lang))
        # like Rasa's own fallback: forget the unclear message, so it does not steer what comes next
        return [UserUtteranceReverted()]


def _previous_turn_was_fallback(tracker: Tracker) -> bool:
    """True when the bot's answer to the message before this one was the fallback too."""
    users_seen = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users_seen += 1
        elif users_seen == 1 and event.get("event") == "action" and event.get("name") not in (
                "action_listen", None):
            return event.get("name") == "action_fallback"
    return False


def choices(tracker: Tracker, lang: str) -> List[Dict[str, str]]:
    def button(key: str, payload: str) -> Dict[str, str]:
        return {"title": knowledge.message(key, lang), "payload": payload}
    if tracker.get_slot("interview_state") == "done":
        return [button("choice_priorities", "/priorities"), button("choice_persona", "/persona"),
                button("choice_compare", "/compare_current"), button("choice_models", "/choose_model"),
                button("choice_restart", "/start_over")]
    return [button("choice_start", "/start_journey"), button("choice_help", "/help"),
            button("choice_restart", "/start_over")]
