"""Reiswijzer's journey engine: profile → involvement → journey → renderers. No Rasa in here."""
