"""Response and CTX_COMPLETED, as a callbacks file uses them."""
from typing import Any, Dict, Optional

# The context key where the engine lists the OR / PARALLEL gateways that are complete.
CTX_COMPLETED = "_done_"


class CallbackException(Exception):
    """Raised by a callback to refuse a step; the user gets STEP_FAILED and the interaction stays as it was."""


class Response:
    """What a callback returns: the kb and context it updated, whether the activity is complete, and what to say."""

    def __init__(self, kb: Dict[str, Any], ctx: Dict[str, Any], complete: bool,
                 utterance: Optional[str] = None, payload: Optional[Dict[str, Any]] = None,
                 choice: Optional[str] = None) -> None:
        self.kb = kb
        self.ctx = ctx
        self.complete = complete
        self.utterance = "" if utterance is None else utterance
        self.payload = {} if payload is None else payload
        self.choice = choice

    def to_dict(self) -> Dict[str, Any]:
        """The part of the response the user sees."""
        return {"utterance": self.utterance, "payload": self.payload}

    def add_utterance(self, kb: Dict[str, Any], key: str, fallback: str = "") -> "Response":
        """Appends kb[key] (or the fallback) to the utterance, on a new line when there is one already."""
        text = kb.get(key, fallback)
        if text == "":
            return self
        self.utterance = text if self.utterance == "" else self.utterance + "\n" + text
        return self
