"""The interview form: extraction and validation of answers, the questions, and starting the interview.

How it fits together (domain.yml has the form `interview_form` and the slots):
1. Rasa fills slots from entities in *any* message (the NLU extractor, bot/nlu/components.py), so a rich
   first message fills several slots at once.
2. `validate_interview_form` reads the answer to the *requested* slot more loosely (bot.parse with
   `requested=`), checks every slot set this turn (bot.interview.check_answer) and counts failures:
   an unusable answer gets an explanation with examples; after two, the question offers "skip".
3. `action_ask_<slot>` asks the question (with quick-reply buttons and, after failures, the skip button).
"""
from __future__ import annotations

import abc
from typing import Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import slot_policy
from actions.tracker import is_digression, language, latest_intent, previous_value, wants_to_skip
from bot import interview, knowledge, parse


class ValidateInterviewForm(FormValidationAction):
    """Validation for `interview_form`; see the module docstring."""

    def name(self) -> Text:
        return "validate_interview_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        skipped = set(tracker.get_slot("skipped_slots") or [])
        return [slot for slot in domain_slots if slot not in skipped]

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        requested = tracker.get_slot("requested_slot")
        if requested and (is_digression(tracker) or tracker.get_slot("pending_confirmation")):
            # Nothing extracted, so the form steps aside and a rule answers. When the form comes back
            # it calls this again (same message): say which question is next, skipped ones excluded.
            next_slot = await self.next_requested_slot(dispatcher, tracker, domain)
            return [next_slot] if next_slot else []
        if requested and wants_to_skip(tracker) and not parse.extract(
                tracker.latest_message.get("text"), requested=requested).get(requested):
            return self._skip(requested, dispatcher, tracker)
        events = await super().run(dispatcher, tracker, domain)
        if requested:
            events += self._acknowledge_others(requested, events, dispatcher, tracker)
            events += self._count_failure(requested, events, dispatcher, tracker)
        return events

    @staticmethod
    def _set_now(events: List[EventType], tracker: Tracker) -> Dict[str, object]:
        """Interview slots this turn gave a new, usable value."""
        return {e["name"]: e["value"] for e in events
                if e.get("event") == "slot" and e.get("name") in interview.order() and e.get("value") is not None
                and e.get("value") != previous_value(tracker, e["name"])}

    def _acknowledge_others(self, requested: str, events: List[EventType], dispatcher: CollectingDispatcher,
                            tracker: Tracker) -> List[EventType]:
        """"Genoteerd: Prijs: 3000 euro" when a message answers (or corrects) another question."""
        others = {slot: value for slot, value in self._set_now(events, tracker).items() if slot != requested}
        if others:
            lang = language(tracker)
            dispatcher.utter_message(text=knowledge.message("noted", lang, fields="; ".join(
                f"{interview.label(slot, lang)}: {interview.display_value(slot, value, lang)}"
                for slot, value in others.items())))
        skipped = [slot for slot in tracker.get_slot("skipped_slots") or [] if slot not in others]
        return [SlotSet("skipped_slots", skipped)] if others else []

    async def get_extraction_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> List[EventType]:
        """The requested slot's answer read loosely ("3" for a price, "allebei" for the market)."""
        requested = tracker.get_slot("requested_slot")
        text = tracker.latest_message.get("text") or ""
        if not requested or requested == "channels" or text.startswith("/"):
            return []
        if requested in tracker.slots_to_validate():
            return []  # the message's entities already answered it
        value = parse.extract(text, requested=requested).get(requested)
        return [SlotSet(requested, value)] if value is not None else [SlotSet(requested, text or None)]

    async def get_validation_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> List[EventType]:
        requested = tracker.get_slot("requested_slot")
        # the form appends its candidates at the end of the events: Rasa's slots_to_validate()
        candidates = tracker.slots_to_validate()
        return [SlotSet(slot, value)
                for slot, value in slot_policy.resolve(tracker, requested, dispatcher, candidates).items()]

    def _count_failure(self, requested: str, events: List[EventType], dispatcher: CollectingDispatcher,
                       tracker: Tracker) -> List[EventType]:
        failures: Dict[str, int] = dict(tracker.get_slot("failures") or {})
        answered = any(e.get("event") == "slot" and e.get("name") == requested and e.get("value") is not None
                       for e in events)
        if answered:
            failures.pop(requested, None)
        elif self._set_now(events, tracker):
            pass  # the message answered something else: no failure, the question simply comes again
        else:
            failures[requested] = failures.get(requested, 0) + 1
            dispatcher.utter_message(text=interview.explanation(requested, language(tracker)))
        return [SlotSet("failures", failures)]

    def _skip(self, requested: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
        skipped = list(dict.fromkeys(list(tracker.get_slot("skipped_slots") or []) + [requested]))
        failures = dict(tracker.get_slot("failures") or {})
        failures.pop(requested, None)
        dispatcher.utter_message(text=knowledge.message("skipped", language(tracker)))
        remaining = [slot for slot in interview.order() if slot not in skipped and tracker.get_slot(slot) is None]
        return [SlotSet("skipped_slots", skipped), SlotSet("failures", failures),
                SlotSet("requested_slot", remaining[0] if remaining else None)]


class AskSlotAction(Action, abc.ABC):
    """`action_ask_<slot>`: asks one interview question; subclasses below set `slot`."""

    @property
    @abc.abstractmethod
    def slot(self) -> str:
        """The slot this action asks for."""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        failures = (tracker.get_slot("failures") or {}).get(self.slot, 0)
        asked = interview.question(self.slot, language(tracker), failures)
        dispatcher.utter_message(text=asked["text"], buttons=asked["buttons"])
        return []


# One ask action per interview slot, named action_ask_<slot> (listed in domain.yml).
ASK_ACTIONS = [type(f"Ask_{slot}", (AskSlotAction,), {"slot": slot}) for slot in interview.order()]


class ActionStartInterview(Action):
    """Starts (or, after a finished journey, restarts) the interview, keeping what this message said."""

    def name(self) -> Text:
        return "action_start_interview"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        events: List[EventType] = [SlotSet("interview_state", "interviewing")]
        if latest_intent(tracker) == "start_journey" and tracker.get_slot("interview_state") == "done":
            said_now = tracker.slots_to_validate()
            events += [SlotSet(slot, said_now.get(slot)) for slot in interview.order()]
            events += [SlotSet("skipped_slots", []), SlotSet("failures", {})]
        return events

