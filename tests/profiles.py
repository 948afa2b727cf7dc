"""Owner profiles used across the tests: a bakery, an e-bike dealer, a B2B software firm."""

BAKERY = {
    "business_name": "Bakkerij De Korenschoof", "offering": "brood en gebak", "market": "b2c",
    "audience": "mensen uit de buurt", "price": "€ 3", "purchase_frequency": "elke dag",
    "decision_time": "meteen", "channels": ["store", "instagram", "local_print"], "goal": "loyalty",
    "pain_points": "geen",
}
EBIKE = {
    "business_name": "Fietsplus Utrecht", "offering": "e-bikes", "market": "b2c", "audience": "55-plussers",
    "price": "3000 euro", "purchase_frequency": "eens in de vijf jaar", "decision_time": "een paar weken",
    "channels": ["store", "facebook"], "goal": "sales", "pain_points": "klanten twijfelen tussen merken",
}
SOFTWARE = {
    "business_name": "Boekhoudbaas", "offering": "boekhoudsoftware voor accountantskantoren", "market": "b2b",
    "audience": "kleine accountantskantoren", "price": "ongeveer 20.000 euro per jaar",
    "purchase_frequency": "jaarlijks", "decision_time": "een paar maanden", "channels": ["website", "linkedin"],
    "goal": "leads", "pain_points": "demo's leiden zelden tot een offerte",
}
WEBSHOP = {
    "business_name": "Theehuis", "offering": "losse thee", "market": "b2c", "audience": "theeliefhebbers",
    "price": "15 euro", "purchase_frequency": "elke maand", "decision_time": "een paar dagen",
    "channels": ["webshop", "email", "local_print"], "goal": "sales",
    "pain_points": "klanten haken af bij het afrekenen omdat de betaling mislukt",
}
