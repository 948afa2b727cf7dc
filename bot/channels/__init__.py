"""Reiswijzer's Rasa input channels and endpoints (may import Rasa); listed in credentials.yml like Rasa's
own. Loading any of them also installs the per-message speed fixes of `speedups` in the Rasa server."""
from bot.channels import speedups

speedups.install()
