"""`make bench`: Reiswijzer measured side by side with the stock Rasa bot, the lightest Rasa bot and a bare Sanic ceiling."""
