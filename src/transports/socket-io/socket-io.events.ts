import type { Server, Socket } from 'socket.io';
import type { ErrorCode } from '../../common/client-errors.js';
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
}

/** What the server emits: the one map of event name to payload. */
export interface ServerToClientEvents {
  session: (session: SessionEvent) => void;
  message: (reply: StoredReply) => void;
  exception: (error: ExceptionEvent) => void;
}

/** What a client emits: the seed's message (checked on arrival), with an optional acknowledgement. */
export interface ClientToServerEvents {
  message: (message: unknown, ack?: (answer: StoredReply | ExceptionEvent) => void) => void;
}

export interface SocketData {
  uid: string;
  interaction: string;
  /** Resolves once the handshake is done: true when the socket is attached to an interaction. */
  ready: Promise<boolean>;
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
