import type { JsonObject } from '../engine/index.js';
import type {
  InteractionFilter,
  InteractionRecord,
  StoredReply,
  TranscriptEntry,
  TurnWrite,
  UserKnowledge,
} from './model/interaction.model.js';

/** A new interaction, as its first (welcome) turn creates it. */
export type NewInteraction = Pick<InteractionRecord, 'id' | 'uid' | 'process' | 'processVersion'>;

/** Which turn to run: of whose interaction, under which client message id (null: not idempotent). */
export interface TurnRequest {
  readonly id: string;
  readonly uid: string;
  readonly messageId: string | null;
}

/** Computes a turn from the interaction as it stands; called again when a first try lost a race. */
export type TurnStep = (interaction: InteractionRecord) => Promise<TurnWrite>;

/** A committed turn's reply; `replayed` when the message id had been committed before (no step ran). */
export interface TurnResult {
  readonly reply: StoredReply;
  readonly replayed: boolean;
}

/**
 * The persistence port: the InteractionsService depends on this abstract class (it is also the DI token),
 * and the persistence module binds it to the adapter of the configured database.
 */
export abstract class InteractionStore {
  /** Stores a new interaction together with its welcome turn (seq 1). */
  abstract create(interaction: NewInteraction, welcome: TurnWrite): Promise<void>;

  /**
   * Runs one turn of the uid's interaction and commits it: null when the uid has no such interaction.
   * A message id committed before gets its stored reply, and the step does not run. The turn commits only
   * if no other server committed one of the same interaction meanwhile; if one did, the step runs again on
   * the interaction as it now stands, with the interaction held against other servers until commit.
   * Errors of the step come back as they are; a refused step changes nothing.
   */
  abstract turn(request: TurnRequest, step: TurnStep): Promise<TurnResult | null>;

  abstract find(id: string): Promise<InteractionRecord | null>;

  /** The transcript after the given seq, in order. */
  abstract transcript(id: string, afterSeq: number): Promise<TranscriptEntry[]>;

  /** What a user's finished interactions of a process saved into its kb. */
  abstract knowledge(uid: string, process: string): Promise<JsonObject | undefined>;

  /** Interactions matching the filter, the most recent status change first. */
  abstract list(filter: InteractionFilter): Promise<InteractionRecord[]>;

  /** Deletes an interaction and its transcript; false when there was none. */
  abstract delete(id: string): Promise<boolean>;

  /** Everything a user's finished interactions saved, per process. */
  abstract knowledgeOf(uid: string): Promise<UserKnowledge[]>;

  /** Throws when the database cannot be reached. */
  abstract ping(): Promise<void>;
}
