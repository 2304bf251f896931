import { BadMessageError } from './client-errors.js';

/**
 * The bounds of what a client may name, checked before it reaches the database: the seq columns are 32-bit
 * integers on Postgres, and text columns refuse a NUL. One table, so every door says the same.
 */
export const MAX_SEQ = 2_147_483_647;
export const MAX_ID_CHARS = 100;

/** Printable text: no NUL, no other control character. */
export const PRINTABLE = /^[^\p{Cc}]+$/u;

/** A seq a client sent (after, lastSeq, a watermark): a whole number from 0 to MAX_SEQ. */
export function checkSeq(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0 || value > MAX_SEQ)
    throw new BadMessageError(`"${field}" must be a whole number from 0 to ${MAX_SEQ}`);
  return value;
}

/** An interaction (conversation) id a client sent: the `interaction` this server gave it. */
export function checkInteractionId(id: string): string {
  if (id.length === 0 || id.length > MAX_ID_CHARS || !PRINTABLE.test(id))
    throw new BadMessageError(
      `the interaction id must be 1 to ${MAX_ID_CHARS} printable characters: the "interaction" this server gave you`,
    );
  return id;
}
