import {
  button,
  type CallbackResult,
  type Callbacks,
  type Context,
  type JsonObject,
  keepChoices,
  page,
} from 'mmcc-backend';

// A table booking: party size, date and time, indoor or outdoor, then a confirmation. Numbers, dates and yes/no
// come as typed entities (nlu.json's "entities"): data.party_size is a number, data.when an ISO 8601 date-time,
// data.confirm a boolean, whatever words the user chose. Every question can also be answered by a click, and
// "a table for four tomorrow at 8pm, outside" answers them all at once.

type Data = JsonObject & { intent?: string; seating?: string };
type Slot = 'party_size' | 'when' | 'seating';

const say = (kb: JsonObject, key: string) => String(kb[key]);

/** What each slot's question offers. */
const QUESTIONS: Record<Slot, JsonObject> = {
  party_size: page(
    'party_size',
    [1, 2, 3, 4, 5, 6].map((n) => button(String(n), { party_size: n })),
  ),
  when: page('when', []),
  seating: page('seating', [
    button('Indoor', { seating: 'indoor' }),
    button('Outdoor', { seating: 'outdoor' }),
  ]),
};
const confirmation = page('confirm', [
  button('Yes, book it', { confirm: true }),
  button('No', { confirm: false }),
]);

const missing = (c: Context): Slot | undefined =>
  (['party_size', 'when', 'seating'] as const).find((s) => c[s] === undefined);

/** "Friday 4 December at 19:00" from "2026-12-04T19:00:00+01:00" (the wall time the user meant). */
function spoken(iso: string): string {
  const [date, time] = iso.split('T');
  const day = new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  });
  return `${day} at ${time.slice(0, 5)}`;
}

const recap = (c: Context) =>
  `A table for ${String(c.party_size)}, ${spoken(String(c.when))}, ${String(c.seating)}.`;

/** Takes every slot the input fills (a correction too); the problem with a value, if any. */
function take(data: Data, kb: JsonObject, context: Context): string | undefined {
  if (typeof data.party_size === 'number') {
    const max = Number(kb.max_party);
    if (!Number.isInteger(data.party_size) || data.party_size < 1 || data.party_size > max)
      return say(kb, 'party_size_range');
    context.party_size = data.party_size;
  }
  if (typeof data.when === 'string') {
    if (Date.parse(data.when) < Date.now()) return say(kb, 'when_past');
    context.when = data.when;
  }
  if (data.seating === 'indoor' || data.seating === 'outdoor') context.seating = data.seating;
  return undefined;
}

/** The question for the first slot still empty (its buttons stay while it is asked). */
const nextQuestion = (context: Context) => QUESTIONS[missing(context) ?? 'party_size'];

const callbacks: Callbacks = {
  start: (data, kb) => ({
    complete: true,
    utterance: say(kb, 'greeting'),
    payload: QUESTIONS.party_size,
  }),

  details: keepChoices(
    (kb, context) => nextQuestion(context),
    (data: Data, kb, context): CallbackResult => {
      const problem = take(data, kb, context);
      if (problem !== undefined) return { complete: false, utterance: problem };
      const slot = missing(context);
      if (slot !== undefined) return { complete: false, utterance: say(kb, `ask_${slot}`) };
      return { complete: true, utterance: recap(context), payload: confirmation };
    },
  ),

  confirm: keepChoices(confirmation, (data: Data, kb, context) => {
    const before = JSON.stringify([context.party_size, context.when, context.seating]);
    const problem = take(data, kb, context);
    if (problem !== undefined) return { complete: false, utterance: problem };
    if (JSON.stringify([context.party_size, context.when, context.seating]) !== before)
      return { complete: false, utterance: `${recap(context)} ${say(kb, 'confirm')}` };
    if (data.confirm === true || data.intent === 'affirm')
      return {
        complete: true,
        payload: {
          show: 'booked',
          booking: { party_size: context.party_size, when: context.when, seating: context.seating },
        },
      };
    if (data.confirm === false || data.intent === 'deny')
      return { complete: false, utterance: say(kb, 'not_booked') };
    return { complete: false, utterance: say(kb, 'confirm_unknown') };
  }),
};

export default callbacks;
