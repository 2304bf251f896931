import type { StoredReply, TranscriptEntry } from '../interactions/model/interaction.model.js';

/** The ways a client reaches the server; each is a thin framing over the ConversationPipeline. */
export type TransportName = 'socket.io' | 'ws' | 'rest' | 'rasa' | 'directline';

/** Who is calling, as the transport found it: credentials and the client's address (ClientAddress). */
export interface Caller {
  readonly transport: TransportName;
  readonly address: string;
  /** The JWT, in JWT mode. */
  readonly token?: string;
  /** The uid the client claims, in claimed mode. */
  readonly claimedUid?: string;
}

/** A connection's handshake: who is calling, and which interaction to resume or which process to start. */
export interface SessionRequest extends Caller {
  readonly interaction?: string;
  /** The id a new interaction gets, when the transport chose it (else a random one). */
  readonly newInteraction?: string;
  readonly process?: string;
  /** The seq of the last reply the client has: the replies after it are replayed. */
  readonly lastSeq?: number;
  /**
   * The reference WebSocket protocol hands a new uid to a client that has none and names no interaction,
   * instead of starting an interaction for an anonymous user.
   */
  readonly issueUid?: boolean;
}

/** A caller attached to an interaction: what every message of a connection is received for. */
export interface Session {
  readonly transport: TransportName;
  readonly address: string;
  readonly uid: string;
  readonly interaction: string;
  readonly process: string;
}

/** A turn's reply with what produced it: the input (null for the welcome) and the client's message id. */
export type Answered = Pick<TranscriptEntry, 'reply' | 'input' | 'messageId'>;

/** What opening a session gave: a started interaction with its welcome, a resumed one, or a new uid only. */
export type Opened =
  | {
      readonly kind: 'started';
      readonly session: Session;
      readonly welcome: StoredReply;
    }
  | {
      readonly kind: 'resumed';
      readonly session: Session;
      readonly activity: string;
      readonly status: string;
      /** The turns after `lastSeq`, in order (none when the request had no lastSeq). */
      readonly missed: Answered[];
    }
  | { readonly kind: 'uid-issued'; readonly uid: string };
