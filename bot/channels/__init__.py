"""Reiswijzer's Rasa input channels (may import Rasa); listed in credentials.yml like Rasa's own."""
