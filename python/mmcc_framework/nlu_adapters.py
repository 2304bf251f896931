"""The NLU choices of a callbacks file: the server reads `nluAdapter` and runs the NLU itself."""
from typing import Any, Dict, List, Optional


class NluAdapter:
    """What `nluAdapter` may be; the server supports the two kinds below."""

    def describe(self) -> Dict[str, Any]:
        raise NotImplementedError


class NoNluAdapter(NluAdapter):
    """No NLU: a text becomes the value of each of the keys."""

    def __init__(self, expected_keys: List[str]) -> None:
        self.expected_keys = list(expected_keys)

    def parse(self, utterance: str) -> Dict[str, Any]:
        return {key: utterance for key in self.expected_keys}

    def describe(self) -> Dict[str, Any]:
        return {"kind": "keys", "keys": self.expected_keys}


class RasaNlu(NluAdapter):
    """A Rasa server (`rasa run --enable-api`); when none answers and the folder holds nlu.yml, the server's
    built-in NLU trained from that file."""

    def __init__(self, url: Optional[str] = None, host: str = "localhost", port: int = 5005) -> None:
        self.url = url if url is not None else f"http://{host}:{port}"

    @staticmethod
    def dict(intent: str, values: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        """The data the parse of a text gives, for a page action: {"intent": intent, entity: value, ...}."""
        return {"intent": intent, **(values or {})}

    def describe(self) -> Dict[str, Any]:
        return {"kind": "rasa", "url": self.url}
