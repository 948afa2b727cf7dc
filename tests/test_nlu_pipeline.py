"""The locally built spaCy pipeline and the entity extractor: channels as owners name them."""
from pathlib import Path

import pytest
import spacy

from bot.nlu.build_pipeline import build
from bot.nlu.components import channel_entities, field_entities, parsed_entities

ROOT = Path(__file__).resolve().parents[1]
SAVED = ROOT / "models" / "spacy_nl"


@pytest.fixture(scope="module")
def nlp():
    # the pipeline `make` saved (what Rasa loads); built in memory when running pytest on its own
    return spacy.load(SAVED) if (SAVED / "meta.json").exists() else build()


def channels(nlp, text, kind="channel"):
    return [entity["value"] for entity in channel_entities(nlp(text)) if entity["entity"] == kind]


def kept_and_removed(nlp, text):
    """(the channels the owner uses, the ones taken out) as the extractor reads them."""
    return channels(nlp, text), channels(nlp, text, "removed_channel")


@pytest.mark.parametrize("text, expected", [
    ("via onze winkel", ["store"]),
    ("vooral insta", ["instagram"]),
    ("we sturen de nieuwsbrief", ["email"]),
    ("ze vinden ons op Google Maps", ["google_business"]),
    ("een advertentie in het huis-aan-huisblad", ["local_print"]),
    ("eigenlijk alles via via", ["word_of_mouth"]),
    ("we hebben twee webwinkels", ["webshop"]),
    ("we adverteren op Google en staan op LinkedIn", ["search_ads", "linkedin"]),
    ("bol.com, Werkspot en Thuisbezorgd", ["marketplace"]),
    ("our shop, Instagram and the newsletter", ["store", "instagram", "email"]),
])
def test_channels_are_recognised_the_way_owners_say_them(nlp, text, expected):
    assert channels(nlp, text) == expected


def test_a_negated_channel_is_not_one_the_owner_uses(nlp):
    assert channels(nlp, "we hebben geen webshop maar wel een winkel") == ["store"]
    assert channels(nlp, "we hebben geen webshop maar wel een winkel", "removed_channel") == ["webshop"]
    assert channels(nlp, "geen website en geen nieuwsbrief") == []
    assert channels(nlp, "we zitten niet meer op Facebook", "removed_channel") == ["facebook"]


def test_the_pipeline_has_lemmas_and_the_channel_ruler(nlp):
    assert nlp.pipe_names == ["lemmatizer", "entity_ruler"]
    assert nlp("webwinkels")[0].lemma_ == "webwinkel"


def test_parsed_entities_carry_positions_in_the_text():
    text = "Wij verkopen e-bikes van 3000 euro aan 55-plussers"
    entities = {e["entity"]: e for e in parsed_entities(text)}
    assert text[entities["price"]["start"]:entities["price"]["end"]] == "3000 euro"
    assert entities["offering"]["value"] == "e-bikes"


def test_a_message_that_names_a_field_gets_a_field_entity():
    assert field_entities("ik wil de prijs aanpassen")[0]["value"] == "price"
    assert field_entities("hallo") == []


@pytest.mark.parametrize("text, used, dropped", [
    ("Facebook of Instagram hebben we niet, daar heb ik geen tijd voor.", [], ["facebook", "instagram"]),
    ("TikTok heb ik een tijdje geprobeerd maar daar ben ik weer mee gestopt.", [], ["tiktok"]),
    ("Word of mouth and Instagram. Pinterest, not any more. That's all.", ["word_of_mouth", "instagram"], ["pinterest"]),
    ("Op LinkedIn heb ik wel een profiel maar daar doe ik niks mee.", [], ["linkedin"]),
    ("Ik heb Instagram, daar zet ik foto's op.", ["instagram"], []),
])
def test_a_channel_the_owner_says_they_dropped_later_in_the_sentence_is_not_used(nlp, text, used, dropped):
    assert channels(nlp, text) == used and channels(nlp, text, "removed_channel") == dropped


@pytest.mark.parametrize("text, expected", [
    ("Veel patiënten worden doorverwezen door de huisartsen hier in de wijk", ["partners"]),
    ("I get referrals from the venues I work with", ["partners"]),
    ("online booking goes through booksy", ["marketplace"]),
    ("een advertentie in de Amersfoortse Courant", ["local_print"]),
])
def test_referrers_platforms_and_papers_by_name(nlp, text, expected):
    assert channels(nlp, text) == expected


@pytest.mark.parametrize("text, kept, removed", [
    # a negation in the next sentence is about what that sentence names
    ("telefoon vooral. werkspot deed ik maar is te duur geworden dus ben ik mee gestopt. en veel via via",
     ["phone", "word_of_mouth"], ["marketplace"]),
    ("Phone and WhatsApp for bookings. I've a Facebook page but honestly haven't touched it in two years, so no.",
     ["phone", "whatsapp"], ["facebook"]),
    ("Verder niets, Instagram heeft geen zin voor ouders denk ik.", [], ["instagram"]),
    ("Ze appen me meestal, bellen doet niemand meer.", ["whatsapp"], ["phone"]),
])
def test_negation_stays_in_its_own_sentence(nlp, text, kept, removed):
    assert kept_and_removed(nlp, text) == (kept, removed)


@pytest.mark.parametrize("text, expected", [
    ("SEO mostly. And I post on X.", ["seo", "x"]),  # "X." at the end of a sentence
    ("Google Ads op zoektermen als 'rooster app horeca', en LinkedIn", ["search_ads", "linkedin"]),  # quoted: no app
    ("via ons kantoor aan de Grote Markt", ["store"]),  # "Markt" in a name is no market stall
    ("Ik geef twee keer per jaar een workshop bij de Kamer van Koophandel", ["events"]),  # a Dutch workshop is an event
    ("veel ouders horen het van andere ouders", ["word_of_mouth"]),
    # phrases that hold a channel word but name no channel (channels.yml `not_channels`)
    ("Months. They have two or three video calls with me before they sign.", []),
    ("mensen krijgen elke week een bos seizoensbloemen thuisbezorgd.", []),
    ("We bezorgen ook via Thuisbezorgd.", ["marketplace"]),
])
def test_channels_in_context(nlp, text, expected):
    assert channels(nlp, text) == expected


def test_capitals_come_from_the_typed_text_when_rasa_hands_spacy_lower_case(nlp):
    """Rasa's SpacyNLP (case_sensitive: false) parses the lower-cased text; names are read from the
    message's own text at the same offsets."""
    typed = "Verkopers komen via via en via ons kantoor aan de Grote Markt."
    found = [entity["value"] for entity in channel_entities(nlp(typed.lower()), typed) if entity["entity"] == "channel"]
    assert found == ["word_of_mouth", "store"]


@pytest.mark.parametrize("text, kept, removed", [
    # a drop said later in the sentence refers back to the channel before it
    ("werkspot heb ik een jaar gedaan maar was te duur dus gestopt. klanten appen me", ["whatsapp"], ["marketplace"]),
    ("We had a Twitter account ages ago but we've let it go.", [], ["x"]),
    ("Instagram en TikTok, maar Facebook doen we niet meer", ["instagram", "tiktok"], ["facebook"]),
    ("We tried TikTok for a bit, total waste of time, so we stopped.", [], ["tiktok"]),
])
def test_a_channel_the_owner_stopped_using_is_taken_out(nlp, text, kept, removed):
    assert kept_and_removed(nlp, text) == (kept, removed)


@pytest.mark.parametrize("text, expected", [
    ("pianohandelaren die klanten naar mij doorverwijzen", ["partners"]),
    ("Veel patiënten worden doorverwezen door de huisartsen", ["partners"]),
    ("I get a lot of clients through midwives who refer them.", ["partners"]),
    ("het hotel hier om de hoek stuurt toeristen naar ons door", ["partners"]),  # not the owner's premises
    ("veel opdrachten komen via via, oud-klanten die me aanbevelen", ["word_of_mouth"]),
])
def test_who_refers_decides_partners_or_word_of_mouth(nlp, text, expected):
    assert channels(nlp, text) == expected


def test_a_list_after_a_channel_word_shares_its_context(nlp):
    """"via onze winkel en Facebook": both are noted from an opening; "ze bellen of appen" names
    channels without a channel word (role passing/bare: only an answer to the channel questions)."""
    def roles(text):
        return [(e["value"], e.get("role")) for e in channel_entities(nlp(text), text)]
    assert roles("Wij verkopen e-bikes aan 55-plussers via onze winkel en Facebook") == [("store", None), ("facebook", None)]
    assert [role for _, role in roles("ze bellen of appen")] == ["bare", "passing"]


@pytest.mark.parametrize("text, kept, removed", [
    # batch F's failure classes, in sentences of our own
    ("Op Houzz zitten we, de concurrent doet Google Ads maar dat is niks voor ons", ["marketplace"], ["search_ads"]),
    ("Instagram ja. The bigger studios all do TikTok, we haven't got round to it", ["instagram"], ["tiktok"]),
    ("Een nieuwsbrief wil ik nog beginnen, en mijn facebookpagina is dood", [], ["email", "facebook"]),
    ("Trustpilot heb ik gene tijd voor", [], ["reviews"]),
    ("google page I don't have", [], ["google_business"]),
    ("We had a stand at the bridal show once, wouldn't do it again.", [], ["events"]),
    # a later clause about something else ("not yet") keeps the channel
    ("Een website hebben we, betalen kan daar nog niet", ["website"], []),
])
def test_competitors_wishes_and_dead_channels_are_not_the_owners(nlp, text, kept, removed):
    assert kept_and_removed(nlp, text) == (kept, removed)


@pytest.mark.parametrize("text, expected", [
    ("de frituur zelf op de markt van Tielt", ["store"]),            # where the shop is, not a market stall
    ("we houden kijkdagen in onze werkplaats", ["events"]),          # where the event is, not a shop
    ("software voor praktijken, en onze website", ["website"]),      # for whom, not the owner's premises
    ("alles via de begrafenisondernemer", ["partners"]),             # a business after "via" refers
    ("Two local garages resell my work", ["partners"]),
    ("ik app ze als de bestelling klaar is", ["whatsapp"]),
    ("stuur maar een whatsappke", ["whatsapp"]),
    ("our cellar door and the wine festival", ["store", "events"]),
    ("mostly Gumtree and DoneDeal, a bit of Depop", ["marketplace"]),
    ("we sell through Chairish and Discogs", ["marketplace"]),
])
def test_places_referrers_and_platforms_as_owners_name_them(nlp, text, expected):
    assert channels(nlp, text) == expected


@pytest.mark.parametrize("text, kept, removed", [
    # batch G's failure classes, in sentences of our own
    ("klanten bellen me gewoon, of ze mailen.", ["phone", "email"], []),           # "me." at a sentence end
    ("For orders people just call me.", ["phone"], []),
    ("ze bestellen in onze eigen app.", ["app"], []),                               # "app." is no abbreviation here
    ("de meeste mensen belt gewoon", ["phone"], []),
    ("ik stuur een bevestigingsmail na elke afspraak", ["email"], []),
    ("we draaien advertenties op insta", ["social_ads"], []),
    ("Ik sta in het dorpskrantje en op de ondernemersavonden van de club", ["local_print", "events"], []),
    ("an ad in two parish magazines and a stall at the comic con", ["local_print", "events"], []),
    ("de kerstmarkt hebben we dit jaar overgeslagen", [], ["events"]),
    ("Etsy hebben we overwogen maar niet gedaan", [], ["marketplace"]),
    ("Facebook vind ik niet gepast voor ons vak", [], ["facebook"]),
    ("I was on Twitter but left it", [], ["x"]),
    ("I'm listed on a wedding platform", ["marketplace"], []),
    ("youtube demo videos", ["youtube"], []),                                       # a demo video is no sales team
])
def test_everyday_channel_words_and_what_the_owner_stopped(nlp, text, kept, removed):
    assert kept_and_removed(nlp, text) == (kept, removed)


@pytest.mark.parametrize("text, expected", [
    # a sending verb with a channel as its object sends a thing, it refers no one
    ("Gasten krijgen een mail, en we sturen twee keer per jaar een nieuwsbrief", ["email"]),
    ("bestellen gaat via de webshop, of de klant stuurt een whatsappje", ["webshop", "whatsapp"]),
    # a business that recommends the owner is a partner
    ("the tennis club recomends me to its members", ["partners"]),
    ("two kitchen builders recommend us to every client", ["partners"]),
    ("de apotheken leggen mijn folders neer en sturen mensen naar mij", ["local_print", "partners"]),
    ("pharmacies keep my leaflets on the counter", ["local_print", "partners"]),
])
def test_who_sends_what_decides_referrals(nlp, text, expected):
    assert sorted(channels(nlp, text)) == sorted(expected)


@pytest.mark.parametrize("text, expected", [
    ("ik stuur een bevestigingsmail en een herinneringsmailtje", ["email"]),   # compounds with a linking -s
    ("de voicemail staat aan", []),                                           # a voicemail is no e-mail
    ("ik sta in het buurtblaadje", ["local_print"]),
    ("we delen een foldertje uit", ["local_print"]),
])
def test_dutch_compounds_and_diminutives_of_channel_words(nlp, text, expected):
    assert channels(nlp, text) == expected


@pytest.mark.parametrize("text, kept, removed", [
    # batch H's failure classes, in sentences of our own
    ("we staan ook op tweedehandsfietsen.nl", ["marketplace"], []),            # a platform named by its address
    ("bookings come through campingbuddies.co.uk", ["marketplace"], []),
    ("onze site fietsenmakerjansen.nl", ["website"], []),                      # the owner's own address
    ("de webshop en bol.com", ["webshop", "marketplace"], []),                  # a list: two channels
    ("onze Facebookpagina en Takeaway.com", ["facebook", "marketplace"], []),
    ("trouwdjs.nl, daar staan mijn reviews", ["reviews"], []),                 # named for its reviews
    ("We're on Booking.com for the beds and we've loads of reviews on Tripadvisor", ["marketplace", "reviews"], []),
    ("bestellen gaat via onze b2b-webshop", ["webshop"], []),
    ("wij scoren goed in de organische zoekresultaten", ["seo"], []),
    ("onze twee buitendienstmedewerkers bezoeken de klanten", ["sales_team"], []),
    ("een advertentie in den Krant van West-Vlaanderen", ["local_print"], []),
    ("moet ik eigenlijk op TikTok gaan?", [], ["tiktok"]),                      # a question: not on it yet
    ("Deliveroo en zo hebben we niet", [], ["marketplace"]),
    ("Pinterest zou ik eens moeten doen", [], ["pinterest"]),
    ("we ran Google Ads but paused them", [], ["search_ads"]),
    ("the bakery next door does Instagram", [], ["instagram"]),
    ("my insta where I post the competition results", ["instagram"], []),     # a dance competition, no rival
    ("the local paper prints my book reviews", ["local_print"], []),           # reviews of books, no platform
    ("website with online booking and a phone line", ["website", "phone"], []),
])
def test_addresses_sales_reps_questions_and_other_peoples_channels(nlp, text, kept, removed):
    assert kept_and_removed(nlp, text) == (kept, removed)


@pytest.mark.parametrize("text, expected", [
    ("two kitchen wholesalers resell our package to their customers", ["partners"]),
    ("twee groothandels verkopen ons pakket door aan hun klanten", ["partners"]),
    ("some concierges send their guests to us", ["partners"]),
    ("we're on the recommended supplier list at two venues", ["partners"]),
])
def test_businesses_that_pass_customers_on_are_partners(nlp, text, expected):
    assert channels(nlp, text) == expected


def test_a_generic_word_in_a_clause_about_the_past_removes_nothing(nlp):
    """"the tourist office" in a sentence about an old advert is someone else's office, not the owner's shop."""
    text = "We used to have an advert in the guide the tourist office prints"
    assert channels(nlp, text, "removed_channel") == ["local_print"]


@pytest.mark.parametrize("text, expected", [
    ("We adverteren elke maand in de Gelderlander", ["local_print"]),       # a paper by its name
    ("een advertentie in het Parool, en de website", ["local_print", "website"]),
    ("we run an ad in the Evening Echo every week", ["local_print"]),
    ("we adverteren in de zomer wat meer", []),                            # a season, not a paper
    ("de fysiotherapiepraktijk die ons aanraadt", ["partners"]),           # who refers, before "die"
    ("iedereen die ons aanraadt is tevreden", ["word_of_mouth"]),          # everyone is people
    ("Daarnaast sturen makelaars kopers naar ons door", ["partners"]),     # the subject after the verb
    ("referrals from local primary schools", ["partners"]),
    ("plenty of reviews on trustedcarers.co.uk", ["reviews"]),             # an address named for its reviews
    ("we adverteren op meta", ["social_ads"]),
    ("everyone knows us round here", ["word_of_mouth"]),
    ("door hangers in the new estates", ["local_print"]),
    ("my own shopify shop", ["webshop"]),
    ("the workshop, the lads call in", ["store"]),
])
def test_papers_by_name_referrers_by_their_place_in_the_sentence_and_everyday_words(nlp, text, expected):
    assert channels(nlp, text) == expected


def test_a_platform_or_paper_the_owner_binned_or_used_to_use_is_not_used(nlp):
    assert kept_and_removed(nlp, "was on bark.com for a year but binned it off") == ([], ["marketplace"])
    assert kept_and_removed(nlp, "We used to advertise in the Evening Post, years ago") == ([], ["local_print"])
    assert kept_and_removed(nlp, "in de Stentor adverteerde ik vroeger, nu niet meer") == ([], ["local_print"])
    # customers tipping each other are word of mouth, not the building's partners
    assert channels(nlp, "via via, winkels in dezelfde straat die elkaar tippen") == ["word_of_mouth"]
