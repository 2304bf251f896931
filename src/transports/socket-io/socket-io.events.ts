import { withKeys } from '../../engine/index.js';
import type { Server, Socket } from 'socket.io';
import type { ErrorCode } from '../../common/client-errors.js';
import type { Answered, Session } from '../../conversation/conversation.types.js';
import type { Input } from '../../engine/index.js';
import type { StoredReply } from '../../interactions/model/interaction.model.js';

/** Sent once per accepted connection, before any message. */
export interface SessionEvent {
  uid: string;
  interaction: string;
  process: string;
  resumed: boolean;
  activity: string;
  status: string;
}

export interface ExceptionEvent {
  code: ErrorCode;
  message: string;
  retryable: boolean;
  /** For a retryable error: when to try again, in seconds. */
  retryAfter?: number;
}

/**
 * A reply as socket.io sends it, live and replayed: the stored reply (its fields where they always were) plus
 * the input that produced it (`null` for the welcome) and the client's message id, so that every tab can show
 * both sides and the tab that sent the message can recognise its own line.
 */
export interface ReplyEvent extends StoredReply {
  input: Input | null;
  id: string | null;
}

export const replyEvent = ({ reply, input, messageId }: Answered): ReplyEvent =>
  withKeys(reply, { input, id: messageId });

/** What the server emits: the one map of event name to payload. */
export interface ServerToClientEvents {
  session: (session: SessionEvent) => void;
  message: (reply: ReplyEvent) => void;
  exception: (error: ExceptionEvent) => void;
}

/** What a client emits: the reference's message (checked on arrival), with an optional acknowledgement. */
export interface ClientToServerEvents {
  message: (message: unknown, ack?: (answer: ReplyEvent | ExceptionEvent) => void) => void;
}

export interface SocketData {
  uid: string;
  interaction: string;
  /** Resolves once the handshake is done: the session, or undefined when it was refused. */
  ready: Promise<Session | undefined>;
}

export type AppServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
export type AppSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

/** Every socket attached to an interaction is in its room, so that every tab gets every reply. */
export const roomOf = (interaction: string): string => `interaction:${interaction}`;
