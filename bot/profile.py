"""The owner's answers as one plain object: what the interview collected (DESIGN.md's slots)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Dict, List, Mapping, Optional

from bot.slots import INTERVIEW

PROFILE_SLOTS = INTERVIEW  # the interview's answers, in order (defined once: knowledge/interview.yml)


@dataclass(frozen=True)
class Profile:
    """What the owner told us. Text fields are kept as the owner gave them; None means not given."""

    business_name: Optional[str] = None
    offering: Optional[str] = None
    market: Optional[str] = None          # b2c | b2b | both
    audience: Optional[str] = None
    price: Optional[str] = None
    purchase_frequency: Optional[str] = None
    decision_time: Optional[str] = None
    channels: List[str] = field(default_factory=list)
    goal: Optional[str] = None            # awareness | leads | sales | loyalty | reviews
    pain_points: Optional[str] = None
    language: str = "nl"
    stage_model: str = "five_phase"
    map_type: str = "future_state"
    skipped: List[str] = field(default_factory=list)  # interview slots the owner skipped
    business_type: Optional[str] = None   # the owner's kind of business, asked or corrected (bot/business.py)
    pain_kind: Optional[Dict[str, Any]] = None  # {"pain", "rule"}: the problem the owner picked for a pain no rule covers

    @classmethod
    def from_slots(cls, slots: Mapping[str, Any]) -> "Profile":
        """Builds a profile from a mapping of slot values (a tracker's slots, or a test's dict)."""
        values: Dict[str, Any] = {}
        for name in PROFILE_SLOTS:
            value = slots.get(name)
            if name == "channels":
                value = list(dict.fromkeys(value or []))  # dedupe, keep order
            elif value is not None:
                value = str(value)
            values[name] = value
        language = slots.get("language") or "nl"
        return cls(language=language if language in ("nl", "en") else "nl",
                   stage_model=slots.get("stage_model") or "five_phase",
                   map_type=slots.get("map_type") or "future_state",
                   skipped=[slot for slot in slots.get("skipped_slots") or [] if values.get(slot) in (None, [])],
                   business_type=slots.get("business_type") or None,
                   pain_kind=slots.get("pain_kind") if isinstance(slots.get("pain_kind"), dict) else None,
                   **values)

    def said(self, *fields: str) -> str:
        """These answers as one text (the ones given), for matching words in them."""
        return " ".join(filter(None, (getattr(self, name) for name in fields)))

    def as_contract(self, business_type: Optional[str] = None) -> Dict[str, Any]:
        """The profile block of the journey payload (DESIGN.md contract), with the business type the
        journey used (derived, or the owner's correction)."""
        data = asdict(self)
        for internal in ("language", "stage_model", "map_type", "skipped", "pain_kind"):
            data.pop(internal)
        data["business_type"] = business_type or self.business_type
        return data
