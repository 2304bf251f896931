"""The bench's counter (test/fixtures/config/counter) with Python callbacks: one TASK that counts its inputs."""
from mmcc_framework import NoNluAdapter, Response

nluAdapter = NoNluAdapter(["text"])


def start(data, kb, context):
    context["counter"] = 0
    return Response(kb, context, True, utterance="counting")


def count(data, kb, context):
    context["counter"] += 1
    return Response(kb, context, False, utterance=f'count {context["counter"]}',
                    payload={"counter": context["counter"]})


def get_callback(activity_id):
    return {"start": start, "count": count}[activity_id]
