"""What the web widget adds to the interview (issue #9), in the engine without Rasa: a host portal's
prefilled answers read like typed ones, the channel checkboxes as the whole list, the progress."""
from bot import interview, knowledge, turn
from bot import slots as S

EMPTY = {slot: None for slot in S.INTERVIEW}


def prefilled(prefill, values=None, candidates=(), language="nl"):
    return turn.read_prefill(prefill, {**EMPTY, **(values or {})}, list(candidates), language).updates


def test_a_portal_hands_over_the_name_and_the_website_becomes_a_noted_channel():
    updates = prefilled({"business_name": "Bakkerij de Korenbloem", "website": "https://korenbloem.nl"})
    assert updates == {"business_name": "Bakkerij de Korenbloem", "channel_candidates": ["website"]}


def test_prefilled_answers_are_checked_like_typed_ones():
    updates = prefilled({"market": "bedrijven", "goal": "klanten vasthouden", "price": "rond de 40 euro",
                         "purchase_frequency": "elke week", "decision_time": "zwaaien", "offering": "???"})
    assert updates["market"] == "b2b"
    assert updates["goal"] == "loyalty"
    assert updates["price"] and updates["purchase_frequency"]
    assert "decision_time" not in updates   # no duration in it
    assert "offering" not in updates        # no letters: not a usable answer
    assert prefilled({"market": "b2b", "goal": "reviews"}) == {"market": "b2b", "goal": "reviews"}  # contract ids


def test_a_prefill_never_overwrites_what_the_owner_answered():
    updates = prefilled({"business_name": "Portal Name BV", "market": "b2c"},
                        values={"business_name": "Fietsplus Utrecht", "market": "b2b"})
    assert updates == {}


def test_prefilled_channels_are_candidates_only_known_ids_and_not_a_closed_question():
    updates = prefilled({"channels": ["instagram", "fax", 3], "website": "not a url at all"})
    assert updates == {"channel_candidates": ["instagram"]}
    assert "channels" not in updates


def test_unknown_keys_and_odd_values_are_ignored():
    assert prefilled({"account_id": 7, "business_name": {"x": 1}, "audience": None}) == {}


def test_hostile_prefill_text_is_kept_as_plain_text():
    updates = prefilled({"business_name": "<script>alert(1)</script>"})
    assert updates["business_name"] == "<script>alert(1)</script>"   # shown escaped by every renderer


def test_the_checkboxes_are_the_whole_channel_list_and_end_the_channel_questions():
    selection = turn.Message(text='/select_channels{"channel": ["instagram", "store"]}', intent=S.SELECT_CHANNELS,
                             command=S.SELECT_CHANNELS, channels=("instagram", "store"))
    for requested in (S.CHANNELS, S.CHANNELS_MORE):
        result = turn.read(selection, requested, {**EMPTY, "channels": ["facebook"]}, ["webshop"], "nl")
        assert result.kind == turn.ANSWER
        assert result.updates[S.CHANNELS] == ["instagram", "store"]   # facebook and the webshop unticked
        assert result.updates[S.CHANNELS_MORE] == S.CHANNELS_DONE


def test_no_box_ticked_means_no_channels_and_a_selection_elsewhere_is_no_answer():
    nothing = turn.Message(text="/select_channels", intent=S.SELECT_CHANNELS, command=S.SELECT_CHANNELS)
    result = turn.read(nothing, S.CHANNELS, EMPTY, ["store"], "nl")
    assert result.updates[S.CHANNELS] == [] and result.updates[S.CHANNELS_MORE] == S.CHANNELS_DONE
    assert turn.read(nothing, S.GOAL, EMPTY, [], "nl").kind == turn.MISS


def test_the_channel_question_offers_every_channel_with_the_noted_ones_ticked_first():
    choices = interview.channel_choices(S.CHANNELS, "nl", candidates=["store", "facebook"])
    values = [option["value"] for option in choices["options"]]
    known = [entry["id"] for entry in knowledge.load("channels")["channels"]]
    assert values[:2] == ["store", "facebook"] and sorted(values) == sorted(known)
    assert [option["checked"] for option in choices["options"]][:3] == [True, True, False]
    assert choices["intent"] == S.SELECT_CHANNELS and choices["entity"] == "channel"
    again = interview.channel_choices(S.CHANNELS_MORE, "en", candidates=["store"], channels=["webshop"])
    assert [o["value"] for o in again["options"] if o["checked"]] == ["webshop"]
    assert again["submit_title"] == knowledge.message("multiselect_submit", "en")


def test_progress_counts_the_ten_questions_and_extra_steps_belong_to_their_question():
    assert interview.progress(S.BUSINESS_NAME) == {"step": 1, "of": len(S.INTERVIEW)}
    assert interview.progress(S.PAIN_POINTS) == {"step": len(S.INTERVIEW), "of": len(S.INTERVIEW)}
    channels_step = S.INTERVIEW.index(S.CHANNELS) + 1
    assert interview.progress(S.CHANNELS_MORE)["step"] == channels_step
    assert interview.progress(S.BUSINESS_TYPE)["step"] == channels_step
    assert interview.progress(S.PAIN_KIND)["step"] == len(S.INTERVIEW)
