"""The museum shop: callbacks written against the original framework's API, run unchanged by mmcc-backend."""
from mmcc_framework import CTX_COMPLETED, RasaNlu, Response

# A Rasa server on localhost:5005 when one answers; otherwise mmcc-backend's built-in NLU, trained from nlu.yml.
nluAdapter = RasaNlu()


def page(context, show):
    """What the page shows: the basket so far, and which picker to open."""
    basket = {key: context[key] for key in ("item", "size", "color", "address") if key in context}
    return {"show": show, "basket": basket}


def start(data, kb, context):
    if kb["last_address"]:
        context["address"] = kb["last_address"]
    return Response(kb, context, True, utterance=kb["welcome"], payload=page(context, "items"))


def pick_item(data, kb, context):
    item = data.get("item")
    if data.get("intent") == "choose" and item in kb["items"]:
        context["item"] = item
        return Response(kb, context, True, payload=page(context, "options"))
    text = kb["unknown_item"] if data.get("intent") == "choose" else kb["not_understood"]
    return Response(kb, context, False, utterance=text, payload=page(context, "items"))


def options(data, kb, context):
    wanted = data.get("option")
    if data.get("intent") == "change" and wanted in ("size", "color"):
        return Response(kb, context, True, choice="pick_" + wanted, payload=page(context, wanted))
    if data.get("intent") == "done":
        if "options" in context[CTX_COMPLETED]:
            return Response(kb, context, True, choice=None, payload=page(context, "address"))
        return Response(kb, context, False, utterance="Please choose both the size and the color first.",
                        payload=page(context, "options"))
    return Response(kb, context, False, utterance=kb["not_understood"], payload=page(context, "options"))


def pick_value(key, allowed):
    def callback(data, kb, context):
        value = data.get(key)
        if value in kb[allowed]:
            context[key] = value
            return Response(kb, context, True, payload=page(context, "options"))
        return Response(kb, context, False, utterance=kb["pick_" + key], payload=page(context, key))
    return callback


def address(data, kb, context):
    where = data.get("address")
    if not where and data.get("intent") == "affirm" and "address" in context:
        where = context["address"]
    if not where:
        return Response(kb, context, False, utterance=kb["address"], payload=page(context, "address"))
    context["address"] = where
    kb["last_address"] = where  # remembered for this user's next visit
    recap = f'A {context.get("size", "")} {context.get("color", "")} {context["item"]}, sent to {where}. Thank you!'
    return Response(kb, context, True, utterance=" ".join(recap.split()), payload=page(context, "done"))


_callbacks = {
    "start": start,
    "pick_item": pick_item,
    "options": options,
    "pick_size": pick_value("size", "sizes"),
    "pick_color": pick_value("color", "colors"),
    "address": address,
}


def get_callback(activity_id: str):
    return _callbacks[activity_id]
