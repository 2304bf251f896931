import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthInvalidError } from '../../auth/auth-errors.js';
import { WidgetKeys } from '../widget-keys.js';

/**
 * A session the widget holds: not started yet (with the id its interaction gets when it starts), or an
 * interaction of a uid and the last reply it saw.
 */
export type RasaSession =
  | { started: false; id: string; interaction: string }
  | { started: true; uid: string; interaction: string; seq: number };

const KIND = 'rasa-session';

/**
 * Rasa session ids. rasa-webchat keeps the last session_id it was confirmed in the page's storage and
 * sends it back on every reconnect, and Rasa's protocol has no other way to say what the widget has
 * already shown. So a started session's id is `<signed uid and interaction>:<seq>`, confirmed again
 * after each reply: a reconnecting widget gets exactly the replies after that seq. The signature makes
 * the id a credential for its uid; the seq needs none (a client may ask for any replay of its own).
 * A new session's id names the interaction it will start (its `pending` uuid), so that a client that keeps
 * that first id, as Rasa's session ids are stable, resumes the same interaction on any server.
 */
@Injectable()
export class RasaSessionIds {
  /** The signed part of a started session's id; the same for every reply, so it is kept per interaction. */
  private readonly signed = new Map<string, string>();

  constructor(private readonly keys: WidgetKeys) {}

  /** A new session, not yet an interaction: the widget's first message starts one. */
  pending(): Promise<string> {
    return this.keys.sign(KIND, { pending: randomUUID() });
  }

  async started(uid: string, interaction: string, seq: number): Promise<string> {
    let signed = this.signed.get(interaction);
    if (signed === undefined) {
      signed = await this.keys.sign(KIND, { sub: uid, ixn: interaction });
      this.remember(interaction, signed);
    }
    return `${signed}:${seq}`;
  }

  /** The id to confirm after a reply, when this server has seen the session (else undefined). */
  cached(interaction: string, seq: number): string | undefined {
    const signed = this.signed.get(interaction);
    return signed === undefined ? undefined : `${signed}:${seq}`;
  }

  /** Drops the ids of erased interactions (they name their uid). */
  forget(interactions: readonly string[]): void {
    for (const interaction of interactions) this.signed.delete(interaction);
  }

  private remember(interaction: string, signed: string): void {
    // Bounded: the oldest entries go first; a dropped one is signed again when needed.
    if (this.signed.size >= 10_000) this.signed.delete(this.signed.keys().next().value!);
    this.signed.set(interaction, signed);
  }

  /** What a session id stands for; AuthInvalidError for an id this server did not issue. */
  async parse(id: string): Promise<RasaSession> {
    const colon = id.lastIndexOf(':');
    const [token, seqText] =
      colon === -1 ? [id, undefined] : [id.slice(0, colon), id.slice(colon + 1)];
    const claims = await this.keys.verify(KIND, token, 'session id');
    if (typeof claims.ixn !== 'string' || typeof claims.sub !== 'string') {
      if (typeof claims.pending !== 'string')
        throw new AuthInvalidError('it is not a session id issued by this server');
      return { started: false, id, interaction: claims.pending };
    }
    const seq = seqText === undefined ? 0 : Number(seqText);
    if (!/^\d{0,12}$/.test(seqText ?? '') || !Number.isSafeInteger(seq))
      throw new AuthInvalidError('the session id ends with a seq that is not a whole number');
    if (!this.signed.has(claims.ixn)) this.remember(claims.ixn, token);
    return { started: true, uid: claims.sub, interaction: claims.ixn, seq };
  }
}
