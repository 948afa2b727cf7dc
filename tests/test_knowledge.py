"""The rule base: every file loads and validates, and the files agree with each other."""
import itertools
import json
import os
import subprocess
from pathlib import Path

import jsonschema
import pytest

from bot import business, knowledge
from bot.conditions import Facts, channel_traits
from bot.journey import _tactics

ROOT = Path(__file__).resolve().parents[1]
PHASES = ("orientation", "consideration", "purchase", "usage", "evaluation")


def channel_ids():
    return {entry["id"] for entry in knowledge.load("channels")["channels"]}


@pytest.mark.parametrize("name", knowledge.knowledge_files())
def test_every_knowledge_file_loads_and_matches_its_schema(name):
    assert knowledge.load(name)


def test_every_yml_file_in_the_knowledge_folder_has_a_schema():
    files = {path.stem for path in (ROOT / "bot" / "knowledge").glob("*.yml")} - {"schemas"}
    assert files == set(knowledge.knowledge_files())


def test_a_broken_knowledge_file_is_reported_with_file_and_place(tmp_path, monkeypatch):
    (tmp_path / "schemas.yml").write_text((ROOT / "bot/knowledge/schemas.yml").read_text(encoding="utf-8"))
    (tmp_path / "kpis.yml").write_text("max_per_stage: three\nkpis: {}\n", encoding="utf-8")
    monkeypatch.setattr(knowledge, "KNOWLEDGE_DIR", tmp_path)
    knowledge.load.cache_clear()
    knowledge._schemas.cache_clear()
    try:
        with pytest.raises(knowledge.KnowledgeError, match=r"kpis.yml at max_per_stage"):
            knowledge.load("kpis")
    finally:
        knowledge.load.cache_clear()
        knowledge._schemas.cache_clear()


def test_there_are_at_least_forty_tactics_with_unique_ids():
    ids = [tactic["id"] for tactic in knowledge.load("tactics")["tactics"]]
    assert len(ids) >= 40
    assert len(ids) == len(set(ids))


def test_check_and_kpi_ids_are_unique():
    checks = [check["id"] for check in knowledge.load("checks")["checks"]]
    kpis = [kpi["id"] for items in knowledge.load("kpis")["kpis"].values() for kpi in items]
    assert len(checks) == len(set(checks)) and len(kpis) == len(set(kpis))


def test_channel_ids_are_unique_and_cover_the_contract():
    contract = {"website", "webshop", "store", "instagram", "facebook", "linkedin", "tiktok", "youtube",
                "pinterest", "x", "email", "whatsapp", "phone", "live_chat", "google_business", "reviews",
                "search_ads", "social_ads", "seo", "blog", "local_print", "radio_tv", "events", "word_of_mouth",
                "marketplace", "sales_team", "partners", "customer_service", "app"}
    ids = [entry["id"] for entry in knowledge.load("channels")["channels"]]
    assert len(ids) == len(set(ids))
    assert contract <= set(ids)


def test_every_channel_id_named_anywhere_in_the_rules_exists():
    known = channel_ids()
    named = set(knowledge.load("touchpoints")["phases"])
    named |= {rec["channel"] for rec in knowledge.load("touchpoints")["recommend"]}
    conditions = [t.get("when", {}) for t in knowledge.load("tactics")["tactics"]]
    conditions += [c["when"] for c in knowledge.load("checks")["checks"]]
    conditions += [r.get("when", {}) for r in knowledge.load("touchpoints")["recommend"]]
    conditions += [k.get("when", {}) for items in knowledge.load("kpis")["kpis"].values() for k in items]
    for condition in conditions:
        for key in ("channels_any", "channels_all", "channels_none"):
            named |= set(condition.get(key, []))
    assert named <= known, named - known
    assert set(knowledge.load("touchpoints")["phases"]) == known  # every channel has its phases


def test_every_stage_model_has_weights_that_add_up_to_one():
    for model_id, model in knowledge.load("stage_models")["models"].items():
        for level in ("low", "high"):
            total = sum(stage["weight"][level] for stage in model["stages"])
            assert total == pytest.approx(1.0), (model_id, level)


def test_every_phase_is_covered_by_every_stage_model():
    for model_id, model in knowledge.load("stage_models")["models"].items():
        covered = {phase for stage in model["stages"] for phase in stage["phases"]}
        assert covered == set(PHASES), model_id


def test_every_stage_gets_a_tactic_whatever_the_owner_answered():
    """No combination of business type, involvement, mode, market and channels leaves a stage without
    advice."""
    for kind, level, mode, market, channels in itertools.product(
            business.types(), ("low", "high"), ("think", "feel"), ("b2c", "b2b", "both", None),
            ([], ["store"], ["webshop", "email"], ["linkedin", "sales_team"])):
        facts = Facts(involvement=level, mode=mode, market=market, goal=None, channels=frozenset(channels),
                      traits=channel_traits(channels), pain_text="", business_type=kind,
                      type_traits=business.traits(kind), buyer="organisation" if market == "b2b" else "consumer")
        for phase in PHASES:
            assert _tactics([phase], facts, "nl"), (kind, level, mode, market, channels, phase)


def test_the_project_copy_of_the_journey_schema_is_the_contract():
    copy = json.loads((ROOT / "docs/journey.schema.json").read_text())
    jsonschema.Draft7Validator.check_schema(copy)
    assert copy["$id"] == "reiswijzer.journey/v1"
    shared = _shared_contract()
    if shared is None:
        pytest.skip("no shared/journey.schema.json beside this checkout or beside the repository it was cloned "
                    "from (REISWIJZER_SHARED names another place): the drift check needs the shared contract")
    assert copy == json.loads(shared.read_text()), f"docs/journey.schema.json differs from {shared}: copy it over"


def _shared_contract() -> Path | None:
    """The shared contract: $REISWIJZER_SHARED, else shared/ beside this checkout, else shared/ beside the
    repository this checkout was cloned from (a fresh clone in /tmp still finds the team's contract)."""
    places = [Path(os.environ["REISWIJZER_SHARED"])] if os.environ.get("REISWIJZER_SHARED") else []
    places.append(ROOT.parent / "shared")
    origin = subprocess.run(["git", "-C", str(ROOT), "config", "--get", "remote.origin.url"],
                            capture_output=True, text=True).stdout.strip()
    if origin and "://" not in origin and not origin.startswith("git@"):
        places.append(Path(origin.removeprefix("file:")).resolve().parent / "shared")
    return next((place / "journey.schema.json" for place in places if (place / "journey.schema.json").exists()), None)


def test_pain_rules_point_at_tactics_and_checks_that_exist():
    tactic_ids = {t["id"] for t in knowledge.load("tactics")["tactics"]}
    check_ids = {c["id"] for c in knowledge.load("checks")["checks"]}
    for rule in knowledge.load("pain_points")["rules"]:
        assert set(rule.get("tactics", [])) <= tactic_ids, rule["id"]
        assert set(rule.get("checks", [])) <= check_ids, rule["id"]
        assert rule.get("tactics") or rule.get("checks"), rule["id"]


def test_every_touchpoint_has_its_own_sentence_for_each_phase_it_appears_in():
    rules = knowledge.load("touchpoints")
    pairs = {(channel, phase) for channel, phases in rules["phases"].items() for phase in phases}
    pairs |= {(rec["channel"], phase) for rec in rules["recommend"] for phase in rec["phases"]}
    for channel, phase in pairs:
        assert phase in rules["reasons"].get(channel, {}), (channel, phase)
    sentences = [entry[lang] for texts in rules["reasons"].values() for entry in texts.values() for lang in ("nl", "en")]
    assert len(sentences) == len(set(sentences))


def test_every_business_type_has_a_name_and_the_rules_only_name_known_types():
    kinds = set(business.types())
    assert {rule["type"] for rule in knowledge.load("business_types")["rules"]} <= kinds
    for kind in kinds:
        assert business.name(kind, "nl") and business.name(kind, "en")
