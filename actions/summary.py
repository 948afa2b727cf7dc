"""After the interview: the summary with confirm/change buttons, and changing one field."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.journey import send_journey
from actions.tracker import interview_values, language, message
from bot import business, interview, journey, knowledge, turn
from bot import slots as S
from bot.profile import Profile


class ActionShowSummary(Action):
    """Shows what was understood and asks to confirm; sets interview_state=confirming."""

    def name(self) -> Text:
        return "action_show_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        lang = language(tracker)
        dispatcher.utter_message(text=interview.summary(tracker.current_slot_values(), lang),
                                 buttons=interview.summary_buttons(lang))
        return [SlotSet(S.INTERVIEW_STATE, S.CONFIRMING), SlotSet(S.ASKED, None)]


def _corrected(tracker: Tracker, lang: str, only: str = "") -> Tuple[Dict[str, Any], Optional[str]]:
    """The answers this message corrects ("de prijs is eigenlijk 4 euro", "we zitten ook op Instagram",
    "de doelgroep is eigenlijk gezinnen"), read as after the journey (turn.read_update), and the line
    that says so ("Genoteerd: ..."). With `only`: nothing unless that field is among them."""
    update = turn.read_update(message(tracker), interview_values(tracker), lang)
    if not update.updates or (only and only not in update.updates):
        return {}, None
    return update.updates, knowledge.message("noted", lang, fields=interview.fields(update.updates, lang))


def _set(tracker: Tracker, updates: Dict[str, Any]) -> List[EventType]:
    """Slot events for corrected answers; an answer skipped before and given now is no longer skipped."""
    events: List[EventType] = [SlotSet(slot, value) for slot, value in updates.items()]
    skipped = list(tracker.get_slot(S.SKIPPED) or [])
    if any(slot in skipped for slot in updates):
        events.append(SlotSet(S.SKIPPED, [slot for slot in skipped if slot not in updates]))
    return events


class ActionUpdateSummary(Action):
    """New information at the summary, instead of yes or no: applied as a correction and the summary
    shown again; a message with nothing to apply says how to change something."""

    def name(self) -> Text:
        return "action_update_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        lang = language(tracker)
        updates, said = _corrected(tracker, lang)
        dispatcher.utter_message(text=said or knowledge.message("nothing_changed", lang))
        dispatcher.utter_message(text=interview.summary({**tracker.current_slot_values(), **updates}, lang),
                                 buttons=interview.summary_buttons(lang))
        return _set(tracker, updates)


class ActionOfferChanges(Action):
    """Asks which field to change, one button per field."""

    def name(self) -> Text:
        return "action_offer_changes"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        lang = language(tracker)
        dispatcher.utter_message(text=knowledge.message("change_which", lang),
                                 buttons=interview.change_buttons(lang))
        return []


class ActionResetField(Action):
    """Empties the field named by the `field` slot so that the form asks it again."""

    def name(self) -> Text:
        return "action_reset_field"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        lang = language(tracker)
        field = tracker.get_slot("field")
        if field == S.BUSINESS_TYPE:
            dispatcher.utter_message(text=knowledge.message("change_business_type", lang),
                                     buttons=interview.business_type_buttons(lang))
            return [SlotSet(S.FIELD, None)]
        if field not in interview.order():
            dispatcher.utter_message(text=knowledge.message("change_which", lang),
                                     buttons=interview.change_buttons(lang))
            return [SlotSet("field", None)]
        updates, said = _corrected(tracker, lang, only=field)
        if said:
            # "de doelgroep is eigenlijk gezinnen": the new value came with the field; no question needed
            # (the form then finds every answer given and the summary follows)
            dispatcher.utter_message(text=said)
            return _set(tracker, updates) + [SlotSet(S.FIELD, None)]
        skipped = [slot for slot in tracker.get_slot(S.SKIPPED) or [] if slot != field]
        dispatcher.utter_message(text=knowledge.message("change_ok", lang))
        events = [SlotSet(field, None), SlotSet(S.FIELD, None), SlotSet(S.SKIPPED, skipped),
                  SlotSet(S.FAILURES, {}), SlotSet(S.ASKED, None), SlotSet(S.INTERVIEW_STATE, S.INTERVIEWING)]
        if field == S.CHANNELS:  # asked afresh: the plain question, then "any others?"
            events += [SlotSet(S.CHANNELS_MORE, None), SlotSet(S.CHANNEL_CANDIDATES, [])]
        if field == S.PAIN_POINTS:  # a new answer gets its own follow-up
            events.append(SlotSet(S.PAIN_KIND, None))
        return events


class ActionSetBusinessType(Action):
    """The owner's correction of the kind of business: kept in `business_type`, then the summary (or
    the journey, when it was built already) again."""

    def name(self) -> Text:
        return "action_set_business_type"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        lang = language(tracker)
        chosen = next((entity.get("value") for entity in tracker.latest_message.get("entities") or []
                       if entity.get("entity") == S.BUSINESS_TYPE), None)
        if chosen not in business.types():
            chosen = business.type_from_text(tracker.latest_message.get("text") or "")
        if chosen is None:
            dispatcher.utter_message(text=knowledge.message("change_business_type", lang),
                                     buttons=interview.business_type_buttons(lang))
            return []
        dispatcher.utter_message(text=knowledge.message("business_type_set", lang, name=business.name(chosen, lang)))
        events: List[EventType] = [SlotSet(S.BUSINESS_TYPE, chosen)]
        slots = {**tracker.current_slot_values(), S.BUSINESS_TYPE: chosen}
        if tracker.get_slot(S.INTERVIEW_STATE) == S.DONE:
            result = journey.build(Profile.from_slots(slots))
            send_journey(dispatcher, result)
            return events + [SlotSet(S.INVOLVEMENT, result["involvement"]["level"])]
        if tracker.get_slot(S.INTERVIEW_STATE) == S.CONFIRMING:
            dispatcher.utter_message(text=interview.summary(slots, lang), buttons=interview.summary_buttons(lang))
        return events
