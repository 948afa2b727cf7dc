"""What happens when a finished journey leaves the Rasa server, whatever the channel: it is stored for
its export links (bot/channels/exports.py), the links are filled in, and the portal's webhook is sent
(bot/channels/webhook.py). REST, the web widget and Slack call `deliver` on each `{"journey": ...}`
payload the action server sends."""
from __future__ import annotations

import copy
import functools
import logging
from typing import Any, Dict, Mapping, Optional

from bot.channels import exports
from bot.channels.webhook import Webhook, send_in_background

logger = logging.getLogger(__name__)


@functools.lru_cache(maxsize=None)
def webhook() -> Optional[Webhook]:
    """The portal's webhook from the environment (None when not configured); read once per process."""
    return Webhook.from_env()


def is_journey(json_message: Any) -> bool:
    return isinstance(json_message, dict) and isinstance(json_message.get("journey"), dict)


def deliver(journey: Mapping[str, Any], sender_id: str, base_url: str, channel: str,
            portal_ref: Optional[str] = None) -> Dict[str, Any]:
    """The journey as the client gets it: with its export links; the webhook is on its way. A store
    that fails leaves the links out (`exports: null`) rather than the journey."""
    result = copy.deepcopy(dict(journey))
    try:
        token = exports.new_token()
        result["exports"] = exports.links(base_url, token)
        exports.store().save(token, sender_id, result)
    except Exception:  # the owner still gets the journey in the chat
        logger.exception("Storing the journey's exports failed")
        result["exports"] = None
    hook = webhook()
    if hook is not None:
        send_in_background(hook, sender_id, channel, portal_ref, result)
    return result
