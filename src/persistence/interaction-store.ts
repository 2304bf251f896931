import type { JsonObject } from '../engine/index.js';
import type {
  InteractionFilter,
  InteractionRecord,
  OpenTurn,
  TranscriptEntry,
  TurnWrite,
  UserKnowledge,
} from './interaction.records.js';

/**
 * The persistence port: the InteractionsService depends on this abstract class (it is also the DI token),
 * and one module binds it to an adapter. Every write of a turn happens in one transaction.
 */
export abstract class InteractionStore {
  /** Stores a new interaction together with its welcome turn (seq 1). */
  abstract create(
    interaction: Omit<
      InteractionRecord,
      'createdAt' | 'updatedAt' | 'lastSeq' | 'status' | 'state'
    >,
    welcome: TurnWrite,
  ): Promise<void>;

  /**
   * Opens a turn of an interaction; returns null when the interaction does not exist. The turn commits only
   * if no other server process committed one of the same interaction since it was opened; otherwise commit
   * throws ConcurrentTurnError. An exclusive turn reads the interaction afresh and, where the database can,
   * holds it against other server processes until commit or release: the way to retry such a turn.
   */
  abstract openTurn(
    id: string,
    messageId: string | null,
    exclusive?: boolean,
  ): Promise<OpenTurn | null>;

  abstract find(id: string): Promise<InteractionRecord | null>;

  /** The transcript after the given seq, in order. */
  abstract transcript(id: string, afterSeq: number): Promise<TranscriptEntry[]>;

  /** What a user's finished interactions of a process saved into its kb. */
  abstract knowledge(uid: string, process: string): Promise<JsonObject | undefined>;

  /** Interactions matching the filter, most recently updated first. */
  abstract list(filter: InteractionFilter): Promise<InteractionRecord[]>;

  /** Deletes an interaction and its transcript; false when there was none. */
  abstract delete(id: string): Promise<boolean>;

  /** Everything a user's finished interactions saved, per process. */
  abstract knowledgeOf(uid: string): Promise<UserKnowledge[]>;

  /** Throws when the database cannot be reached. */
  abstract ping(): Promise<void>;
}
