"""Rasa custom actions: thin adapters between the tracker and the journey engine in bot/.

interview.py  the form's validation and the questions    summary.py  summary, changes
journey.py    builds and sends the journey                tracker.py  tracker ↔ profile helpers
"""
