"""The interview form: reading each message as the answer to the question asked, asking (and asking
again), and starting the interview.

How it fits together (domain.yml has the form `interview_form`; its slots have `custom` mappings, so
Rasa fills none of them by itself):
1. `validate_interview_form` runs for every message while the form is active. bot/turn.py reads the
   message as the answer to the requested question first; it interrupts only when it is unmistakably a
   command (then this action returns nothing, the form is rejected and a rule in data/rules.yml answers,
   after which the form asks again), off-topic (answered here), a skip, or not usable (asked again).
   Extra information fills questions not answered yet and is acknowledged ("Genoteerd: ...").
2. The next question is asked by `validate_interview_form` itself (`ask`): with buttons, with what was
   noted for the channel question, and after an unusable answer with different words and the choices
   nearest first. Rasa then skips its own `action_ask_<slot>` call (bot/channels/speedups.py); those
   actions ask the same way when Rasa continues the form without a validation of ours.
3. No question is asked more than `max_asks_in_a_row` times in a row: then it is skipped with a note.
"""
from __future__ import annotations

import abc
from typing import Any, Callable, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.tracker import language, latest_intent, message, rejected_this_turn
from bot import interview, knowledge, turn
from bot import slots as S

FORM = "interview_form"


def max_asks() -> int:
    return knowledge.load("interview")["max_asks_in_a_row"]


def times_asked(tracker: Tracker, slot: Optional[str]) -> int:
    asked = tracker.get_slot(S.ASKED) or {}
    return asked.get("times", 0) if slot and asked.get("slot") == slot else 0


class ValidateInterviewForm(FormValidationAction):
    """Validation for `interview_form`; see the module docstring."""

    def name(self) -> Text:
        return "validate_interview_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        requested = tracker.get_slot(S.REQUESTED_SLOT)
        lang = language(tracker)
        state: Dict[str, Any] = {slot: tracker.get_slot(slot) for slot in S.FORM_SLOTS}
        state[S.SKIPPED] = list(tracker.get_slot(S.SKIPPED) or [])
        state[S.FAILURES] = dict(tracker.get_slot(S.FAILURES) or {})
        state[S.CHANNEL_CANDIDATES] = list(tracker.get_slot(S.CHANNEL_CANDIDATES) or [])
        events: List[EventType] = self._prefill(tracker, requested, state, lang, dispatcher)

        if requested and rejected_this_turn(tracker, FORM):
            # a rule answered this message (FAQ, help, why...); the form asks its question again
            events += self._skip_if_asked_too_often(requested, state, dispatcher, lang, tracker)
            return events + self._next(state, dispatcher, lang, tracker)
        if requested and tracker.get_slot(S.PENDING_CONFIRMATION) and latest_intent(tracker) in ("affirm", "deny"):
            return []  # the answer to "are you sure you want to start over?": a rule handles it

        said = message(tracker)
        values = {slot: state[slot] for slot in S.INTERVIEW}
        reading = turn.read(said, requested, values, state[S.CHANNEL_CANDIDATES], lang)
        if reading.kind == turn.CONTROL:
            return []  # the form is rejected and the rule for this intent answers
        if tracker.get_slot(S.PENDING_CONFIRMATION):
            events.append(SlotSet(S.PENDING_CONFIRMATION, None))

        if reading.kind == turn.SKIPPED:
            events += self._skip(requested, state, dispatcher, lang, knowledge.message("skipped", lang))
        elif reading.kind == turn.OFF_TOPIC:
            dispatcher.utter_message(text=knowledge.message("off_topic_interview", lang))
        elif reading.kind == turn.CLARIFY and requested:
            dispatcher.utter_message(text=interview.clarification(requested, lang))
        else:
            events += self._apply(reading, requested, state, dispatcher, lang)
        if requested and reading.kind != turn.SKIPPED:
            events += self._skip_if_asked_too_often(requested, state, dispatcher, lang, tracker)
        events.append(SlotSet(S.FAILURES, state[S.FAILURES]))  # always one slot event: no rejection
        return events + self._next(state, dispatcher, lang, tracker)

    @staticmethod
    def _prefill(tracker: Tracker, requested: Optional[str], state: Dict[str, Any], lang: str,
                 dispatcher: CollectingDispatcher) -> List[EventType]:
        """Answers a host portal handed over with the message (the widget's onboarding `prefill`
        metadata), for questions not answered yet; the question being asked is left to the owner. What
        was taken is said once, so the owner can correct it."""
        prefill = ((tracker.latest_message or {}).get("metadata") or {}).get("prefill")
        if not isinstance(prefill, dict):
            return []
        offered = {key: value for key, value in prefill.items() if key != requested and key not in state[S.SKIPPED]}
        given = turn.read_prefill(offered,
                                  {slot: state[slot] for slot in S.INTERVIEW}, state[S.CHANNEL_CANDIDATES], lang)
        if not given.updates:
            return []
        answers = {slot: value for slot, value in given.updates.items() if slot in S.INTERVIEW}
        fields = [interview.fields(answers, lang)] if answers else []
        if S.CHANNEL_CANDIDATES in given.updates:
            fields.append(f"{interview.label(S.CHANNELS, lang)}: "
                          f"{interview.channel_list(given.updates[S.CHANNEL_CANDIDATES], lang)}")
        dispatcher.utter_message(text=knowledge.message("prefill_noted", lang, fields="; ".join(fields)))
        state.update(given.updates)
        return [SlotSet(slot, value) for slot, value in given.updates.items()]

    def _apply(self, reading: turn.Reading, requested: Optional[str], state: Dict[str, Any],
               dispatcher: CollectingDispatcher, lang: str) -> List[EventType]:
        """Sets what the message answered, acknowledges what it said besides, counts an unusable answer."""
        events: List[EventType] = []
        for slot, value in reading.updates.items():
            state[slot] = value
            events.append(SlotSet(slot, value))
            if slot in S.INTERVIEW and slot in state[S.SKIPPED] and value is not None:
                state[S.SKIPPED].remove(slot)
                events.append(SlotSet(S.SKIPPED, list(state[S.SKIPPED])))
        for note in reading.notes:
            dispatcher.utter_message(text=note)
        noted = {slot: value for slot, value in reading.noted.items() if slot != requested}
        if noted:
            dispatcher.utter_message(text=knowledge.message("noted", lang, fields=interview.fields(noted, lang)))
        new_candidates = reading.updates.get(S.CHANNEL_CANDIDATES)
        if new_candidates and requested not in (S.CHANNELS, S.CHANNELS_MORE):
            dispatcher.utter_message(text=knowledge.message(
                "noted_channels", lang, channels=interview.channel_list(new_candidates, lang)))
        if requested:
            if reading.kind in (turn.ANSWER, turn.CORRECTION):
                # a correction of another answer is no failed try at this one: asked again as it was
                state[S.FAILURES].pop(requested, None)
            elif reading.kind == turn.MISS:
                state[S.FAILURES][requested] = state[S.FAILURES].get(requested, 0) + 1
        return events

    def _skip_if_asked_too_often(self, requested: str, state: Dict[str, Any], dispatcher: CollectingDispatcher,
                                 lang: str, tracker: Tracker) -> List[EventType]:
        """Skips the question when it was asked `max_asks_in_a_row` times and is still not answered."""
        if state.get(requested) is not None or times_asked(tracker, requested) < max_asks():
            return []
        return self._skip(requested, state, dispatcher, lang, interview.skipped_note(requested, lang))

    @staticmethod
    def _skip(requested: Optional[str], state: Dict[str, Any], dispatcher: CollectingDispatcher, lang: str,
              note: str) -> List[EventType]:
        if not requested:
            return []
        dispatcher.utter_message(text=note)
        events: List[EventType] = []
        state[S.FAILURES].pop(requested, None)
        if requested in (S.CHANNELS, S.CHANNELS_MORE):
            # the channels noted so far are kept; "any others?" is not asked after a skip
            if state.get(S.CHANNELS) is None and state[S.CHANNEL_CANDIDATES]:
                state[S.CHANNELS] = list(state[S.CHANNEL_CANDIDATES])
                events.append(SlotSet(S.CHANNELS, state[S.CHANNELS]))
            state[S.CHANNELS_MORE] = S.CHANNELS_DONE
            events.append(SlotSet(S.CHANNELS_MORE, S.CHANNELS_DONE))
            if state.get(S.CHANNELS) is not None:
                return events
            requested = S.CHANNELS
        if requested not in state[S.SKIPPED]:
            state[S.SKIPPED].append(requested)
        return events + [SlotSet(S.SKIPPED, list(state[S.SKIPPED]))]

    @staticmethod
    def _next(state: Dict[str, Any], dispatcher: CollectingDispatcher, lang: str,
              tracker: Tracker) -> List[EventType]:
        """The next question, asked here: the first form slot that is empty and not skipped (None ends
        the form); the kind of business only when the rules are unsure of it, the pain follow-up only
        for a pain no rule covers. Asking it here saves the form an `action_ask_<slot>` call (Rasa skips
        its own ask when `asked` names the slot in this run: bot/channels/speedups.py)."""
        skipped = set(state[S.SKIPPED])
        wanted = {S.CHANNELS_MORE: lambda: S.CHANNELS not in skipped,
                  S.BUSINESS_TYPE: lambda: bool(interview.type_guesses(state)),
                  S.PAIN_KIND: lambda: bool(interview.pain_follow_up(state))}
        following = next((slot for slot in S.FORM_SLOTS if state.get(slot) is None and slot not in skipped
                          and wanted.get(slot, lambda: True)()), None)
        if following is None:
            return [SlotSet(S.REQUESTED_SLOT, None)]
        return ask(dispatcher, following, lang, (tracker.latest_message or {}).get("text") or "", state.get,
                   times_asked(tracker, following)) + [SlotSet(S.REQUESTED_SLOT, following)]


def ask(dispatcher: CollectingDispatcher, slot: str, lang: str, said: str, value: Callable[[str], Any],
        times: int) -> List[EventType]:
    """Asks one interview question (`value` gives the slots as they are after this message): with
    buttons, with what was noted for the channel question, after an unusable answer in other words."""
    failures = (value(S.FAILURES) or {}).get(slot, 0)
    asked = interview.question(slot, lang, failures, said=said,
                               candidates=value(S.CHANNEL_CANDIDATES) or [],
                               channels=value(S.CHANNELS) or [],
                               values={**{name: value(name) for name in S.INTERVIEW},
                                       S.BUSINESS_TYPE: value(S.BUSINESS_TYPE)})
    # extras for the web widget (REST and the shell drop them): progress, and channels as checkboxes
    extras: Dict[str, Any] = {"progress": interview.progress(slot), "language": lang}
    if slot in (S.CHANNELS, S.CHANNELS_MORE):
        extras["multiselect"] = interview.channel_choices(slot, lang, value(S.CHANNEL_CANDIDATES) or [],
                                                          value(S.CHANNELS) or [])
    dispatcher.utter_message(text=asked["text"], buttons=asked["buttons"], **extras)
    return [SlotSet(S.ASKED, {"slot": slot, "times": times + 1})]


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
        said = (tracker.latest_message or {}).get("text") or ""
        return ask(dispatcher, self.slot, language(tracker), said, tracker.get_slot,
                   times_asked(tracker, self.slot))


# One ask action per form slot, named action_ask_<slot> (listed in domain.yml).
ASK_ACTIONS = [type(f"Ask_{slot}", (AskSlotAction,), {"slot": slot}) for slot in S.FORM_SLOTS]


class ActionStartInterview(Action):
    """Starts the interview (or resumes it after a stop); after a finished journey "ik wil mijn klantreis
    in kaart brengen" starts a new one. The form then reads what the message said."""

    def name(self) -> Text:
        return "action_start_interview"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        events: List[EventType] = [SlotSet(S.INTERVIEW_STATE, S.INTERVIEWING), SlotSet(S.ASKED, None)]
        if not any(event.get("event") == "bot" for event in tracker.events):
            # the first message started it (no welcome was shown): say in one line what is coming
            dispatcher.utter_message(text=knowledge.text(knowledge.load("messages")["interview_intro"],
                                                         language(tracker)))
        if latest_intent(tracker) == "start_journey" and tracker.get_slot(S.INTERVIEW_STATE) == S.DONE:
            events += [SlotSet(slot, None) for slot in S.FORM_SLOTS]
            events += [SlotSet(S.SKIPPED, []), SlotSet(S.FAILURES, {}), SlotSet(S.CHANNEL_CANDIDATES, [])]
        return events
