import { isPlainObject } from '../../common/is-plain-object.js';
import { optionalText } from '../../common/request-fields.js';
import { BadMessageError } from '../../common/client-errors.js';
import { UID_PATTERN } from '../../auth/credentials.js';
import type { JsonObject } from '../../engine/index.js';
import type { StoredReply } from '../../interactions/model/interaction.model.js';

// Rasa's socket.io channel, as rasa-webchat speaks it: pure mapping between its frames and ours.

/** What a site puts in the widget's `customData`: who the user is and which process to start. */
export interface CustomData {
  uid?: string;
  token?: string;
  process?: string;
}

export interface SessionRequest {
  sessionId?: string;
  customData: CustomData;
}

export interface UserUttered {
  /** The raw message: text, or a button's `/intent{...}` payload. */
  message: string;
  sessionId?: string;
  customData: CustomData;
}

export interface QuickReply {
  content_type: 'text';
  title: string;
  payload: string;
}

/** One bubble: rasa-webchat shows `{text}` and `{text, quick_replies}`; `metadata` is read apart. */
export interface BotUttered {
  text: string;
  quick_replies?: QuickReply[];
  custom?: JsonObject;
  metadata: { seq: number; activity: string; status: string };
}

/** customData is the site's own object: we read uid, token and process, and leave the rest alone. */
export function parseCustomData(value: unknown): CustomData {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value))
    throw new BadMessageError('"customData" must be an object, e.g. {"uid": "alice"}');
  const uid = optionalText(value.uid, 'customData.uid', 200);
  if (uid !== undefined && !UID_PATTERN.test(uid))
    throw new BadMessageError('"customData.uid" must be 1 to 200 printable characters');
  return {
    uid,
    token: optionalText(value.token, 'customData.token', 8192),
    process: optionalText(value.process, 'customData.process', 200),
  };
}

/** `session_request`: `{session_id?, customData?}`; a missing or null session_id asks for a new session. */
export function parseSessionRequest(frame: unknown): SessionRequest {
  if (frame === undefined || frame === null) return { customData: {} };
  if (!isPlainObject(frame))
    throw new BadMessageError(
      'session_request takes an object: {"session_id": <your stored id, or null>}',
    );
  return {
    sessionId: optionalText(frame.session_id, 'session_id', 4096),
    customData: parseCustomData(frame.customData),
  };
}

/** `user_uttered`: `{message, session_id, customData}`. */
export function parseUserUttered(frame: unknown): UserUttered {
  if (!isPlainObject(frame) || typeof frame.message !== 'string')
    throw new BadMessageError(
      'user_uttered takes {"message": "<text or /intent{...}>", "session_id": "<id from session_confirm>"}',
    );
  return {
    message: frame.message,
    sessionId: optionalText(frame.session_id, 'session_id', 4096),
    customData: parseCustomData(frame.customData),
  };
}

const INTENT = /^[A-Za-z0-9_.-]+$/;
const PAYLOAD = /^\/([A-Za-z0-9_.-]*)(\{[\s\S]*)?$/;

/**
 * A button's data as a Rasa payload, `/intent{"entity": "value"}` (or `/{...}` for data without an
 * intent), so that a click comes back as exactly the data the process sent.
 */
export function toButtonPayload(data: JsonObject): string {
  const { intent, ...rest } = data;
  if (typeof intent === 'string' && INTENT.test(intent))
    return Object.keys(rest).length === 0 ? `/${intent}` : `/${intent}${JSON.stringify(rest)}`;
  return `/${JSON.stringify(data)}`;
}

/** A message as our message: a `/intent{...}` payload is data, anything else is text for the NLU. */
export function toMessage(text: string): Record<string, unknown> {
  const match = PAYLOAD.exec(text.trim());
  if (match === null || (match[1] === '' && match[2] === undefined))
    return { type: 'utterance', utterance: text };
  let entities: Record<string, unknown> = {};
  if (match[2] !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(match[2]);
    } catch {
      parsed = undefined;
    }
    if (!isPlainObject(parsed))
      throw new BadMessageError(
        `"${text.slice(0, 80)}" is not a payload: write /intent{"entity": "value"} with a JSON object`,
      );
    entities = parsed;
  }
  return { type: 'data', payload: match[1] === '' ? entities : { intent: match[1], ...entities } };
}

/** The intents a widget sends to open a conversation (its `initPayload`): they start it and say nothing. */
export const START_INTENTS = new Set(['get_started', 'session_start']);

export const isStartPayload = (message: Record<string, unknown>): boolean =>
  message.type === 'data' &&
  START_INTENTS.has(String((message.payload as JsonObject).intent)) &&
  Object.keys(message.payload as JsonObject).length === 1;

interface Button {
  label: string;
  data: JsonObject;
}

const buttonsOf = (payload: JsonObject): Button[] =>
  Array.isArray(payload.buttons)
    ? payload.buttons.filter(
        (b): b is Button & JsonObject =>
          isPlainObject(b) && typeof b.label === 'string' && isPlainObject(b.data),
      )
    : [];

/**
 * A reply as bot_uttered frames: one per line of the utterance, the buttons as the last frame's
 * quick_replies, and the rest of the payload in a frame of its own under `custom`.
 */
export function toBotUttered(reply: StoredReply): BotUttered[] {
  const metadata = { seq: reply.seq, activity: reply.activity, status: reply.status };
  const lines = reply.utterance.split('\n').filter((line) => line.trim() !== '');
  const rest = Object.fromEntries(Object.entries(reply.payload).filter(([k]) => k !== 'buttons'));
  const buttons = buttonsOf(reply.payload);
  // rasa-webchat draws quick replies under a text bubble: buttons without words still need one.
  if (lines.length === 0 && buttons.length > 0) lines.push('');
  const frames: BotUttered[] = lines.map((text) => ({ text, metadata }));
  if (buttons.length > 0)
    frames[frames.length - 1].quick_replies = buttons.map((b) => ({
      content_type: 'text',
      title: b.label,
      payload: toButtonPayload(b.data),
    }));
  if (Object.keys(rest).length > 0) frames.push({ text: '', custom: rest, metadata });
  return frames;
}
