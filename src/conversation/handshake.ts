import { checkInteractionId, checkSeq, MAX_ID_CHARS } from '../common/bounds.js';
import { BadMessageError } from '../common/client-errors.js';
import { UID_PATTERN } from '../auth/credentials.js';

/** What a client says when it connects, on socket.io or the plain WebSocket endpoint. */
export interface Handshake {
  /** The JWT, in JWT mode. */
  token?: string;
  uid?: string;
  interaction?: string;
  process?: string;
  lastSeq?: number;
}

/** The reference clients send Python's None for "no value"; null and the empty string count as absent too. */
const ABSENT = new Set(['None', 'null', '']);

const text = (value: unknown, field: string, max: number): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new BadMessageError(`"${field}" must be a string`);
  if (ABSENT.has(value)) return undefined;
  if (value.length > max) throw new BadMessageError(`"${field}" must be at most ${max} characters`);
  return value;
};

const interactionOf = (value: unknown): string | undefined => {
  const id = text(value, 'interaction', MAX_ID_CHARS);
  return id === undefined ? undefined : checkInteractionId(id);
};

/** Reads and checks the handshake fields from wherever the transport found them (auth, query, path). */
export function parseHandshake(fields: Record<string, unknown>): Handshake {
  const uid = text(fields.uid, 'uid', 200);
  if (uid !== undefined && !UID_PATTERN.test(uid))
    throw new BadMessageError('"uid" must be 1 to 200 printable characters');
  const rawSeq = text(
    typeof fields.lastSeq === 'number' ? String(fields.lastSeq) : fields.lastSeq,
    'lastSeq',
    12,
  );
  if (rawSeq !== undefined && !/^\d+$/.test(rawSeq))
    throw new BadMessageError(
      '"lastSeq" must be a whole number: the seq of the last reply you have',
    );
  return {
    token: text(fields.token, 'token', 8192),
    uid,
    interaction: interactionOf(fields.interaction),
    process: text(fields.process, 'process', 200),
    lastSeq: rawSeq === undefined ? undefined : checkSeq(Number(rawSeq), 'lastSeq'),
  };
}
