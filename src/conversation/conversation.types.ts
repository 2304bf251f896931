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

/** A start: who is calling and which process (the default one when none is named). */
export interface StartRequest extends Caller {
  readonly process?: string;
  /** The id the new interaction gets, when the transport chose it (else a random one). */
  readonly newInteraction?: string;
}

/** A resume: who is calling, the interaction, and the seq of the last reply the client has. */
export interface ResumeRequest extends Caller {
  readonly interaction: string;
  /** The replies after it are replayed (none when it is absent). */
  readonly lastSeq?: number;
}

/** A caller attached to an interaction: what a message is received for. */
export interface Attached {
  readonly transport: TransportName;
  readonly address: string;
  readonly uid: string;
  readonly interaction: string;
  /**
   * The socket id of a connection that gets the replies to its own messages from its transport (its ack or
   * its own event): the fan-out leaves it out of the interaction's rooms for those replies.
   */
  readonly connection?: string;
}

/** A connection's session: the interaction it is attached to, and its process. */
export interface Session extends Attached {
  readonly process: string;
}

/** A turn's reply with what produced it: the input (null for the welcome) and the client's message id. */
export type Answered = Pick<TranscriptEntry, 'reply' | 'input' | 'messageId'>;

/** A started interaction: its session and its welcome (turn 1). */
export interface Started {
  readonly session: Session;
  readonly welcome: StoredReply;
}

/** A resumed interaction: its session, where it stands, and the turns the client missed. */
export interface Resumed {
  readonly session: Session;
  readonly activity: string;
  readonly status: string;
  /** The turns after `lastSeq`, in order (none when the request had no lastSeq). */
  readonly missed: Answered[];
}
