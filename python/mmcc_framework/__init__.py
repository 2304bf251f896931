"""The names a callbacks file of the Multimodal Chatbot Creator imports, for mmcc-backend's Python worker.

Written for mmcc-backend from the original's documented behaviour; only what a callbacks file uses is here
(the engine that runs the process is the server's).
"""
from mmcc_framework.framework import CTX_COMPLETED, CallbackException, Response
from mmcc_framework.nlu_adapters import NluAdapter, NoNluAdapter, RasaNlu

__all__ = ["CTX_COMPLETED", "CallbackException", "Response", "NluAdapter", "NoNluAdapter", "RasaNlu"]
