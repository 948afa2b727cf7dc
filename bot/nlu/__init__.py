"""Language processing: the spaCy pipeline builder and Reiswijzer's Rasa NLU components (may import Rasa)."""
