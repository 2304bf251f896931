import {
  button,
  type CallbackResult,
  type Callbacks,
  type Context,
  type JsonObject,
  keepChoices,
  page,
} from 'mmcc-backend';

// A shop assistant. Every step can be done by chatting (the built-in NLU turns text into
// {intent, <entity>: value, entities}) or by clicking: a button sends the same data, e.g.
// {"intent": "state_preference", "preference": "cap"}. Each reply's payload says what the page shows.

type Data = JsonObject & { intent?: string; entities?: { entity: string; value: string }[] };

const list = (kb: JsonObject, key: string) => kb[key] as string[];
const say = (kb: JsonObject, key: string) => String(kb[key]);

/** Every value of an entity in the input: from the NLU's list, or the single key a button sends. */
function values(data: Data, entity: string): string[] {
  const fromNlu = (data.entities ?? []).filter((e) => e.entity === entity).map((e) => e.value);
  const single = typeof data[entity] === 'string' ? [data[entity] as string] : [];
  return [...new Set([...fromNlu, ...single])];
}

/** Small talk that any step answers without moving on; null when the input is about the order. */
function smallTalk(data: Data, kb: JsonObject): CallbackResult | null {
  const intent = data.intent ?? '';
  if (['greet', 'goodbye', 'bot_challenge'].includes(intent))
    return { complete: false, utterance: say(kb, intent) };
  if (intent === '') return { complete: false, utterance: say(kb, 'not_understood') };
  return null;
}

/** Naming a thing to change ("the colour", a click on "Colour") asks to change it, unless the user said no. */
const wantsChange = (data: Data, change: string | undefined, what: string) =>
  change === what && data.intent !== 'deny';

const choices = (kb: JsonObject, key: string) =>
  list(kb, key).map((v) => button(v, { intent: 'state_preference', preference: v }));

/** The order so far, as a sentence. */
function recap(context: Context): string {
  return (
    `Your order: a ${String(context.color)} ${String(context.item)}, size ${String(context.size)}, ` +
    `shipping to ${String(context.address)}, paid with ${String(context.payment)}.`
  );
}

/** A choice among closed values (item, colour, size), from text or from a click. */
function pick(
  key: 'items' | 'colors' | 'sizes',
  field: string,
  unknown: string,
  after: () => JsonObject,
) {
  // Small talk keeps the question's buttons on offer (keepChoices adds them to a refusal without a payload).
  return keepChoices(
    (kb) => page(key, choices(kb, key)),
    (data: Data, kb: JsonObject, context: Context): CallbackResult => {
      const chosen = values(data, 'preference').find((v) => list(kb, key).includes(v));
      if (chosen !== undefined) {
        context[field] = chosen;
        return { complete: true, payload: after() };
      }
      return (
        smallTalk(data, kb) ?? {
          complete: false,
          utterance: say(kb, unknown),
        }
      );
    },
  );
}

/** What is chosen so far, e.g. "A violet sweatshirt, size L." or "A cap, size not chosen yet." */
const recapSoFar = (context: Context) =>
  `A ${context.color === undefined ? '' : `${String(context.color)} `}${String(context.item)}` +
  (context.size === undefined ? ', size not chosen yet.' : `, size ${String(context.size)}.`);

const customizePage = () =>
  page('customize', [
    button('Colour', { intent: 'change_something', change: 'color' }),
    button('Size', { intent: 'change_something', change: 'size' }),
    button('Done', { intent: 'change_nothing' }),
  ]);

const infoPage = () =>
  page('info', [
    button('Change address', { intent: 'change_something', change: 'address' }),
    button('Change payment', { intent: 'change_something', change: 'payment' }),
    button('Complete the order', { intent: 'change_nothing' }),
  ]);

const callbacks: Callbacks = {
  start: (data, kb, context) => {
    context.address = kb.last_address ?? null;
    context.payment = kb.last_payment ?? null;
    const back = context.address !== null ? ` We will ship to ${String(context.address)}.` : '';
    return {
      complete: true,
      utterance: say(kb, context.address !== null ? 'greeting_back' : 'greeting') + back,
      payload: page('items', choices(kb, 'items')),
    };
  },

  choose_item: async (data: Data, kb, context) => {
    const result = await pick('items', 'item', 'unknown_item', customizePage)(data, kb, context);
    if (!result.complete) return result;
    // "the black cap in M" chooses the colour and size at once; they can still be changed.
    const color = values(data, 'preference').find((v) => list(kb, 'colors').includes(v));
    const size = values(data, 'preference').find((v) => list(kb, 'sizes').includes(v));
    if (color !== undefined) context.color = color;
    if (size !== undefined) context.size = size;
    return result;
  },

  customize: keepChoices(customizePage, (data: Data, kb, context) => {
    const change = values(data, 'change')[0];
    if (wantsChange(data, change, 'color'))
      return {
        complete: true,
        choice: 'select_color',
        payload: page('colors', choices(kb, 'colors')),
      };
    if (wantsChange(data, change, 'size'))
      return {
        complete: true,
        choice: 'select_size',
        payload: page('sizes', choices(kb, 'sizes')),
      };
    // "size L please", "violet would be nice": a colour or size named outright is taken at once.
    const color = values(data, 'preference').find((v) => list(kb, 'colors').includes(v));
    const size = values(data, 'preference').find((v) => list(kb, 'sizes').includes(v));
    if (color !== undefined || size !== undefined) {
      if (color !== undefined) context.color = color;
      if (size !== undefined) context.size = size;
      return {
        complete: false,
        utterance: `${recapSoFar(context)} ${say(kb, 'customize_more')}`,
        payload: customizePage(),
      };
    }
    if (['change_nothing', 'deny', 'affirm'].includes(data.intent ?? '')) {
      // Leaving is allowed once both branches were done (or both values came with the item).
      const both =
        context._done_.includes('customize') ||
        (context.color !== undefined && context.size !== undefined);
      if (!both)
        return { complete: false, utterance: say(kb, 'both_first'), payload: customizePage() };
      const address =
        context.address === null ? 'no address yet' : `shipping to ${String(context.address)}`;
      const payment =
        context.payment === null
          ? 'no payment details yet'
          : `paid with ${String(context.payment)}`;
      return {
        complete: true,
        choice: null,
        utterance: `A ${String(context.color)} ${String(context.item)}, size ${String(context.size)}: ${address}, ${payment}.`,
        payload: infoPage(),
      };
    }
    return smallTalk(data, kb) ?? { complete: false, utterance: say(kb, 'customize') };
  }),

  select_color: pick('colors', 'color', 'unknown_color', customizePage),
  select_size: pick('sizes', 'size', 'unknown_size', customizePage),

  change_info: keepChoices(infoPage, (data: Data, kb, context) => {
    const change = values(data, 'change')[0];
    if (wantsChange(data, change, 'address'))
      return { complete: true, choice: 'change_address', payload: page('address_form', []) };
    if (wantsChange(data, change, 'payment'))
      return { complete: true, choice: 'change_payment', payload: page('payment_form', []) };
    if (['change_nothing', 'deny', 'affirm'].includes(data.intent ?? '')) {
      if (context.address === null || context.payment === null)
        return { complete: false, utterance: say(kb, 'info_first'), payload: infoPage() };
      return {
        complete: true,
        choice: null,
        utterance: recap(context),
        payload: {
          show: 'recap',
          order: {
            item: context.item,
            color: context.color,
            size: context.size,
            address: context.address,
            payment: context.payment,
          },
        },
      };
    }
    return smallTalk(data, kb) ?? { complete: false, utterance: say(kb, 'change_info') };
  }),

  change_address: keepChoices(page('address_form', []), (data: Data, kb, context) => {
    const address = values(data, 'address')[0];
    if (address === undefined)
      return (
        smallTalk(data, kb) ?? {
          complete: false,
          utterance: say(kb, 'no_address'),
        }
      );
    context.address = address;
    kb.last_address = address; // saved for this user when the order is complete
    return { complete: true, payload: infoPage() };
  }),

  change_payment: keepChoices(page('payment_form', []), (data: Data, kb, context) => {
    const details = values(data, 'details')[0];
    if (details === undefined)
      return (
        smallTalk(data, kb) ?? {
          complete: false,
          utterance: say(kb, 'no_payment'),
        }
      );
    context.payment = details;
    kb.last_payment = details;
    return { complete: true, payload: infoPage() };
  }),
};

export default callbacks;
