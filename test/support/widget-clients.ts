import { io, type Socket } from 'socket.io-client';

const TIMEOUT = 5_000;

/** Every event a Rasa socket received, in order, so that a test can await the next one of a name. */
export interface RasaClient {
  readonly socket: Socket;
  next(event: string, timeoutMs?: number): Promise<any>;
  /** Waits until `count` more events of that name arrived, and returns them. */
  take(event: string, count: number, timeoutMs?: number): Promise<any[]>;
  pending(event: string): any[];
  emit(event: string, ...args: unknown[]): void;
  /** user_uttered with an acknowledgement: the bot_uttered frames of the reply (or the exception). */
  utter(message: string, sessionId: string | undefined, customData?: unknown): Promise<any>;
  close(): void;
}

/** A real socket.io client on the Rasa namespace, as rasa-webchat connects (its own client is v3). */
export function connectRasa(
  url: string,
  options: { namespace?: string; auth?: Record<string, unknown>; query?: string } = {},
): RasaClient {
  // A query in the URL reaches the handshake, as in rasa-webchat's socketUrl.
  const socket = io(`${url}${options.namespace ?? '/rasa'}${options.query ?? ''}`, {
    auth: options.auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const received = new Map<string, any[]>();
  const waiters: { event: string; resolve: () => void }[] = [];
  const push = (event: string, data: unknown) => {
    received.set(event, [...(received.get(event) ?? []), data]);
    for (const waiter of waiters.filter((w) => w.event === event)) waiter.resolve();
  };
  socket.onAny((event: string, data: unknown) => push(event, data));
  socket.on('connect_error', (error) => push('connect_error', error.message));
  const take = (event: string, count: number, timeoutMs = TIMEOUT) =>
    new Promise<any[]>((resolve, reject) => {
      const check = () => {
        const items = received.get(event) ?? [];
        if (items.length < count) return false;
        resolve(items.splice(0, count));
        return true;
      };
      if (check()) return;
      const timer = setTimeout(() => {
        const have = (received.get(event) ?? []).length;
        reject(new Error(`${have} of ${count} "${event}" within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = {
        event,
        resolve: () => {
          if (check()) {
            clearTimeout(timer);
            waiters.splice(waiters.indexOf(waiter), 1);
          }
        },
      };
      waiters.push(waiter);
    });
  return {
    socket,
    next: async (event, timeoutMs) => (await take(event, 1, timeoutMs))[0],
    take,
    pending: (event) => received.get(event) ?? [],
    emit: (event, ...args) => socket.emit(event, ...args),
    utter: (message, sessionId, customData) =>
      socket
        .timeout(TIMEOUT)
        .emitWithAck('user_uttered', { message, session_id: sessionId, customData }),
    close: () => socket.disconnect(),
  };
}
