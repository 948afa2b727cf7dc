"""After the interview: the summary with confirm/change buttons, and changing one field."""
from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.journey import send_journey
from actions.tracker import language
from bot import business, interview, journey, knowledge
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
