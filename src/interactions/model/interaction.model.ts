import type { Input, InteractionState, JsonObject, StateJson } from '../../engine/index.js';

/**
 * `active` until the interaction reaches an END, then `completed`; `held` while an operator has taken it
 * over, `handoff` while it waits for one (a callback asked for a person).
 */
export type InteractionStatus = 'active' | 'completed' | 'held' | 'handoff';

/**
 * What a turn was, as the turn log records it: the welcome (`start`), a step that moved to another activity
 * (`moved`) or stayed (`stayed`: the callback did not complete), an input after the END (`ended`), and the entries of a human takeover: a user's
 * message while held (`held`), an operator's message (`operator`), `takeover`, `release`, `handoff`.
 */
export type TurnOutcome =
  'start' | 'moved' | 'stayed' | 'ended' | 'held' | 'operator' | 'takeover' | 'release' | 'handoff';

/** A reply as stored and sent: the engine's reply with its place in the transcript. */
export interface StoredReply {
  utterance: string;
  payload: JsonObject;
  seq: number;
  activity: string;
  status: InteractionStatus;
  /** The version of the process the turn ran on (absent on turns stored before versions were kept). */
  version?: string;
  /** `operator` on a reply written by a person (a human takeover); absent on the process's replies. */
  from?: 'operator';
}

/**
 * One interaction: who owns it, its process, and where it stands after its last turn. `updatedAt` is when its
 * status last changed (its start, its completion), not its last turn: the turns are in the transcript.
 */
export interface InteractionRecord {
  readonly id: string;
  readonly uid: string;
  readonly process: string;
  /** The version of the process the interaction runs on: the one it started on, until a migration moves it. */
  readonly processVersion: string;
  readonly status: InteractionStatus;
  readonly state: InteractionState;
  /** The seq of the last turn; the next turn is lastSeq + 1. */
  readonly lastSeq: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One turn of the transcript: an input (none for the welcome) and its reply. */
export interface TranscriptEntry {
  readonly seq: number;
  /** The client's message id, for idempotent retries. */
  readonly messageId: string | null;
  readonly input: Input | null;
  readonly reply: StoredReply;
  readonly activityBefore: string | null;
  readonly activityAfter: string;
  readonly createdAt: string;
  /** Set on the entry that moved the interaction to another version (its input is null). */
  readonly migration?: MigrationNote;
}

/** What a migration entry of the transcript records: from which version and activity to which. */
export interface MigrationNote {
  readonly from: string;
  readonly to: string;
  /** The variables the migration set in the context. */
  readonly context?: JsonObject;
}

/** What a committed turn writes: the interaction's new state and the transcript entry. */
export interface TurnWrite {
  readonly state: InteractionState;
  /** The version of the process the interaction is on after the turn. */
  readonly processVersion: string;
  readonly status: InteractionStatus;
  readonly entry: Omit<TranscriptEntry, 'createdAt'>;
  /** At an END: what the interaction taught the kb, saved for this uid and process. */
  readonly knowledge?: JsonObject;
  /** What kind of turn it is; when absent, told from the activities before and after (start, moved, stayed). */
  readonly outcome?: TurnOutcome;
  /** The NLU found no intent in the turn's text. */
  readonly noIntent?: boolean;
  /** `state` as JSON, when the step made it so already (stored as it is). */
  readonly stateJson?: StateJson;
}

/** Filters and paging of the admin's interaction list; the most recent status change (updatedAt) first. */
export interface InteractionFilter {
  readonly uid?: string;
  readonly process?: string;
  readonly status?: InteractionStatus;
  /** Only those started on this process version. */
  readonly version?: string;
  /** Only those started at or after `from` and before `to` (ISO-8601). */
  readonly from?: string;
  readonly to?: string;
  /** Only those whose uid contains it or whose id starts with it. */
  readonly search?: string;
  readonly limit: number;
  /** Where the previous page ended (opaque to clients). */
  readonly after?: { updatedAt: string; id: string };
}

/** What one user's finished interactions of one process saved into its kb. */
export interface UserKnowledge {
  readonly process: string;
  readonly knowledge: JsonObject;
  readonly updatedAt: string;
}
