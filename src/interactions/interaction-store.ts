import type { JsonObject } from '../engine/index.js';
import type {
  InteractionFilter,
  InteractionRecord,
  StoredReply,
  TranscriptEntry,
  TurnWrite,
  UserKnowledge,
} from './model/interaction.model.js';
import { ConcurrentTurnError } from './model/turn.errors.js';

/**
 * How long a turn keeps trying to commit before it gives up. Each loss means another server committed a
 * turn of the same interaction meanwhile (the interaction moved on, so nothing livelocks), but a server
 * with a long queue for one interaction can win many times in a row: a count of attempts would starve the
 * other server's turn, a window of time does not (only a crowd that keeps it busy that long exhausts it).
 */
const TURN_COMMIT_WINDOW_MS = 10_000;

/** A random pause after a lost write, growing with the losses, so that two servers take turns. */
const backoff = (losses: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** losses)));

/** A new interaction, as its first (welcome) turn creates it. */
export type NewInteraction = Pick<InteractionRecord, 'id' | 'uid' | 'process' | 'processVersion'>;

/** Which turn to run: of whose interaction, under which client message id (null: not idempotent). */
export interface TurnRequest {
  readonly id: string;
  readonly uid: string;
  readonly messageId: string | null;
}

/**
 * Computes a turn from the interaction as it stands. It runs outside any transaction and holds no
 * connection; it runs again (on the interaction as it then stands) when another turn committed first.
 */
export type TurnStep = (interaction: InteractionRecord) => Promise<TurnWrite>;

/** A committed turn's reply; `replayed` when the message id had been committed before (no step ran). */
export interface TurnResult {
  readonly reply: StoredReply;
  readonly replayed: boolean;
}

/**
 * An interaction as a turn read it: a plain read, no lock. The store may hand out its cached copy; the
 * write of the turn (`commit`) is fenced on the seq, so a stale claim can only lose, never overwrite.
 */
export interface Claim {
  readonly record: InteractionRecord;
  /** The message ids of its transcript as read (a repeated message is answered, not stepped). */
  readonly messageIds: ReadonlySet<string>;
}

/**
 * The persistence port, owned by the interactions feature: the InteractionsService depends on this abstract
 * class (it is also the DI token), and the persistence module binds it to the adapter of the configured
 * database. A turn is claim → step (outside the database) → fenced commit; see `turn`.
 */
export abstract class InteractionStore {
  /** Stores a new interaction together with its welcome turn (seq 1); false when its id was taken. */
  abstract create(interaction: NewInteraction, welcome: TurnWrite): Promise<boolean>;

  /** Reads the interaction a turn starts from; null when there is none. Takes no lock. */
  abstract claim(id: string): Promise<Claim | null>;

  /**
   * Writes the turn stepped on `claim`, fenced on its seq (the turn log's key is (interaction, seq)) and
   * its message id: false, with nothing written, when another turn of the interaction committed first.
   * `retry`: a write after a lost race, which waits (up to the statement timeout) for an interaction that
   * someone holds, where a first write skips it so that it never holds up the other turns of its batch.
   */
  abstract commit(claim: Claim, write: TurnWrite, retry: boolean): Promise<boolean>;

  /** The stored reply of a message id committed before, by the unique index; null when there is none. */
  abstract replyTo(id: string, messageId: string): Promise<StoredReply | null>;

  /**
   * Runs one turn of the uid's interaction and commits it: null when the uid has no such interaction.
   * A message id committed before gets its stored reply, and the step does not run. The step runs on the
   * claimed interaction, outside any transaction; if another turn committed first, it runs again on the
   * interaction as it now stands (so a callback may run more than once for one message).
   * Errors of the step come back as they are; a refused step changes nothing.
   */
  async turn({ id, uid, messageId }: TurnRequest, step: TurnStep): Promise<TurnResult | null> {
    let stepped: { seq: number; write: TurnWrite } | undefined;
    const deadline = Date.now() + TURN_COMMIT_WINDOW_MS;
    for (let attempt = 1; ; attempt += 1) {
      const claim = await this.claim(id);
      if (claim === null || claim.record.uid !== uid) return null;
      if (messageId !== null && claim.messageIds.has(messageId)) {
        const reply = await this.replyTo(id, messageId);
        if (reply !== null) return { reply, replayed: true };
      }
      // An interaction that did not move on since the last step (it was only held) keeps that step.
      if (stepped?.seq !== claim.record.lastSeq)
        stepped = { seq: claim.record.lastSeq, write: await step(claim.record) };
      if (await this.commit(claim, stepped.write, attempt > 1))
        return { reply: stepped.write.entry.reply, replayed: false };
      if (Date.now() >= deadline) throw new ConcurrentTurnError(id);
      await backoff(attempt);
    }
  }

  abstract find(id: string): Promise<InteractionRecord | null>;

  /** The transcript after the given seq, in order. */
  abstract transcript(id: string, afterSeq: number): Promise<TranscriptEntry[]>;

  /** What a user's finished interactions of a process saved into its kb. */
  abstract knowledge(uid: string, process: string): Promise<JsonObject | undefined>;

  /** Interactions matching the filter, the most recent status change first. */
  abstract list(filter: InteractionFilter): Promise<InteractionRecord[]>;

  /** Deletes an interaction and its transcript; false when there was none. */
  abstract delete(id: string): Promise<boolean>;

  /**
   * The interactions were erased (on this server or another): the store drops whatever it keeps of them
   * in memory and refuses their turns from now on, so that no stale copy writes them back. A store that
   * keeps nothing in memory has nothing to do.
   */
  forget(_ids: readonly string[]): void {}

  /** Everything a user's finished interactions saved, per process. */
  abstract knowledgeOf(uid: string): Promise<UserKnowledge[]>;

  /** Throws when the database cannot be reached. */
  abstract ping(): Promise<void>;
}
