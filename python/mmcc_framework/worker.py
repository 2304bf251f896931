"""mmcc-backend's Python callback worker: `python3 -m mmcc_framework.worker FILE ACTIVITIES`.

One JSON object per line. On stdout, first {"ready": {...}} (or {"failed": traceback}); then, for each request
{"id", "activity", "data", "kb", "context"} read on stdin, one {"id", "result"} or {"id", "error": traceback}.
Whatever the callbacks print goes to stderr, which the server logs. The worker ends when stdin closes.
"""
import importlib.util
import json
import os
import sys
import traceback

from mmcc_framework.framework import Response
from mmcc_framework.nlu_adapters import NluAdapter


def _protocol_out():
    # The real stdout carries the protocol; fd 1 (print, C extensions) is pointed at stderr.
    out = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return out


def _load(path):
    folder = os.path.dirname(os.path.abspath(path))
    sys.path.insert(0, folder)
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _describe_nlu(module):
    adapter = getattr(module, "nluAdapter", None)
    if adapter is None:
        return None
    if isinstance(adapter, NluAdapter):
        try:
            return adapter.describe()
        except NotImplementedError:
            pass
    return {"kind": "unknown", "type": type(adapter).__name__}


def _lookup(get_callback, activity):
    try:
        callback = get_callback(activity)
    except Exception:  # a KeyError from the file's table, most of the time
        return None
    return callback if callable(callback) else None


def _result(value):
    if isinstance(value, Response):
        result = {"complete": value.complete, "kb": value.kb, "context": value.ctx, "choice": value.choice}
        if value.utterance != "":
            result["utterance"] = value.utterance
        if value.payload is not None:
            result["payload"] = value.payload
        return result
    return value  # a dict in the server's own result shape; the server checks it either way


def main():
    out = _protocol_out()
    path, activities = sys.argv[1], json.loads(sys.argv[2])

    def send(message):
        out.write(json.dumps(message, allow_nan=False) + "\n")

    try:
        module = _load(path)
        get_callback = getattr(module, "get_callback", None)
        if not callable(get_callback):
            send({"ready": {"getCallback": False, "missing": [], "nlu": _describe_nlu(module)}})
            return
        callbacks = {a: _lookup(get_callback, a) for a in activities}
        missing = [a for a, c in callbacks.items() if c is None]
        send({"ready": {"getCallback": True, "missing": missing, "nlu": _describe_nlu(module)}})
    except BaseException:
        send({"failed": traceback.format_exc(limit=-8)})
        return

    for line in sys.stdin:
        if line.strip() == "":
            continue
        request = json.loads(line)
        try:
            value = callbacks[request["activity"]](request["data"], request["kb"], request["context"])
            send({"id": request["id"], "result": _result(value)})
        except Exception:
            send({"id": request["id"], "error": traceback.format_exc()})


if __name__ == "__main__":
    main()
