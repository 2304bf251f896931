import { withKeys } from '../../engine/index.js';
import { isPlainObject } from '../../common/is-plain-object.js';
import { checkSeq } from '../../common/bounds.js';
import { BadMessageError } from '../../common/client-errors.js';
import type { JsonObject } from '../../engine/index.js';
import type { TranscriptEntry } from '../../interactions/model/interaction.model.js';

// Direct Line 3.0 activities: pure mapping between them and our transcript.

/** The parts of a Bot Framework activity this server reads and writes. */
export interface Activity {
  type: 'message';
  id: string;
  timestamp: string;
  channelId: 'directline';
  conversation: { id: string };
  from: { id: string; name?: string; role: 'user' | 'bot' };
  text?: string;
  textFormat?: 'plain';
  value?: JsonObject;
  replyToId?: string;
  suggestedActions?: { to: string[]; actions: CardAction[] };
  channelData?: JsonObject;
}

export interface CardAction {
  type: 'messageBack';
  title: string;
  displayText: string;
  text: string;
  value: JsonObject;
}

export interface ActivitySet {
  activities: Activity[];
  /** The seq of the last turn in the set: every activity of every turn up to it has been sent. */
  watermark: string;
}

export interface Conversation {
  id: string;
  uid: string;
  process: string;
}

/**
 * Watermarks are our seq: turn n is the user's message activity (`<id>|<n>.user`, none for the
 * welcome) and the reply's (`<id>|<n>.bot`), committed together, so a watermark never splits a turn.
 */
export function parseWatermark(value: unknown): number {
  if (value === undefined || value === '' || value === null) return 0;
  if (typeof value !== 'string' || !/^\d{1,12}$/.test(value))
    throw new BadMessageError(
      '"watermark" must be a whole number: the watermark of the last activity set you have',
    );
  return checkSeq(Number(value), 'watermark');
}

interface Button {
  label: string;
  data: JsonObject;
}

const buttonsOf = (payload: JsonObject | undefined): Button[] =>
  Array.isArray(payload?.buttons)
    ? payload.buttons.filter(
        (b): b is Button & JsonObject =>
          isPlainObject(b) && typeof b.label === 'string' && isPlainObject(b.data),
      )
    : [];

/**
 * The activities of transcript entries, in order. `previous` is the entry before the first, if any:
 * a click is shown as the label of the button it came from, as Web Chat showed it when it was sent.
 */
export function activitiesOf(
  entries: TranscriptEntry[],
  conversation: Conversation,
  previous?: TranscriptEntry,
): Activity[] {
  const activities: Activity[] = [];
  let before = previous;
  for (const entry of entries) {
    const base = (who: 'user' | 'bot') => ({
      type: 'message' as const,
      id: `${conversation.id}|${entry.seq}.${who}`,
      timestamp: entry.createdAt,
      channelId: 'directline' as const,
      conversation: { id: conversation.id },
    });
    if (entry.input !== null) {
      const clicked =
        entry.input.type === 'data'
          ? buttonsOf(before?.reply.payload).find(
              (b) =>
                JSON.stringify(b.data) ===
                JSON.stringify((entry.input as { payload: JsonObject }).payload),
            )
          : undefined;
      activities.push({
        ...base('user'),
        from: { id: conversation.uid, role: 'user' },
        ...(entry.input.type === 'utterance'
          ? { text: entry.input.utterance }
          : { text: clicked?.label ?? '', value: entry.input.payload }),
        ...(entry.messageId === null ? {} : { channelData: { clientActivityID: entry.messageId } }),
      });
    }
    const { reply } = entry;
    const buttons = buttonsOf(reply.payload);
    const rest = Object.fromEntries(Object.entries(reply.payload).filter(([k]) => k !== 'buttons'));
    activities.push({
      ...base('bot'),
      // A person's message (a human takeover) comes from the operator, still on the bot's side.
      from:
        reply.from === 'operator'
          ? { id: `${conversation.process}:operator`, name: 'operator', role: 'bot' }
          : { id: conversation.process, name: conversation.process, role: 'bot' },
      // Plain: our utterances are plain text whose lines are separated by \n (markdown would join them).
      textFormat: 'plain',
      text: reply.utterance,
      ...(entry.input === null ? {} : { replyToId: `${conversation.id}|${entry.seq}.user` }),
      ...(buttons.length === 0
        ? {}
        : {
            suggestedActions: {
              to: [conversation.uid],
              actions: buttons.map((b) => ({
                type: 'messageBack' as const,
                title: b.label,
                displayText: b.label,
                text: '',
                value: b.data,
              })),
            },
          }),
      channelData: {
        seq: reply.seq,
        activity: reply.activity,
        status: reply.status,
        payload: rest,
        ...(reply.from === undefined ? {} : { from: reply.from }),
      },
    });
    before = entry;
  }
  return activities;
}

/** A posted activity: `typing` (nothing to do), or our message and its id for safe retries. */
export type Posted = { kind: 'typing' } | { kind: 'message'; message: Record<string, unknown> };

/**
 * A message activity as our message: a card action's `value` is data (a click reaches the process as
 * it does on our own transports), `text` is text for the NLU. Web Chat's clientActivityID is the id
 * that makes a retry safe and lets Web Chat recognise its own activity in the stream.
 */
export function toPosted(activity: unknown): Posted {
  if (!isPlainObject(activity))
    throw new BadMessageError('the body must be an activity: {"type": "message", "text": "hello"}');
  if (activity.type === 'typing') return { kind: 'typing' };
  if (activity.type !== 'message')
    throw new BadMessageError(
      `activities of type ${JSON.stringify(activity.type)} are not implemented: send {"type": "message"} with text or a value`,
    );
  if (Array.isArray(activity.attachments) && activity.attachments.length > 0)
    throw new BadMessageError(
      'attachments are not implemented by this server: send text, or a card action value',
    );
  const channelData = isPlainObject(activity.channelData) ? activity.channelData : {};
  const id = channelData.clientActivityID ?? activity.id;
  const withId = (message: Record<string, unknown>) =>
    id === undefined || id === null ? message : withKeys(message, { id });
  if (activity.value !== undefined && activity.value !== null) {
    if (!isPlainObject(activity.value))
      throw new BadMessageError(
        '"value" must be a JSON object: the data of the card action, e.g. {"choice": "yes"}',
      );
    return { kind: 'message', message: withId({ type: 'data', payload: activity.value }) };
  }
  if (typeof activity.text !== 'string' || activity.text.trim() === '')
    throw new BadMessageError('a message activity needs "text" (what the user wrote) or a "value"');
  return { kind: 'message', message: withId({ type: 'utterance', utterance: activity.text }) };
}
