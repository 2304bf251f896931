import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';

const TIMEOUT = 5_000;

/** Records what arrives, by name, so that a test can await the next one of each in order. */
class Inbox<T> {
  private readonly items = new Map<string, T[]>();
  private readonly waiters = new Map<string, ((item: T) => void)[]>();

  push(name: string, item: T): void {
    const waiter = this.waiters.get(name)?.shift();
    if (waiter) waiter(item);
    else this.items.set(name, [...(this.items.get(name) ?? []), item]);
  }

  next(name: string, timeoutMs = TIMEOUT): Promise<T> {
    const queued = this.items.get(name);
    if (queued && queued.length > 0) return Promise.resolve(queued.shift()!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no "${name}" within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.set(name, [
        ...(this.waiters.get(name) ?? []),
        (item) => (clearTimeout(timer), resolve(item)),
      ]);
    });
  }

  /** Everything of that name received and not yet taken. */
  pending(name: string): T[] {
    return this.items.get(name) ?? [];
  }
}

export interface IoClient {
  readonly socket: Socket;
  next(event: 'session' | 'message' | 'exception' | 'disconnect', timeoutMs?: number): Promise<any>;
  pending(event: string): any[];
  send(message: unknown): Promise<any>;
  close(): void;
}

/** A real socket.io client, connected over WebSocket with the given handshake. */
export function connectIo(
  url: string,
  auth: Record<string, unknown> = {},
  query?: Record<string, string>,
  extraHeaders?: Record<string, string>,
): IoClient {
  const socket = io(url, {
    auth,
    query,
    extraHeaders,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const inbox = new Inbox<any>();
  socket.onAny((event: string, data: unknown) => inbox.push(event, data));
  socket.on('disconnect', (reason) => inbox.push('disconnect', reason));
  socket.on('connect_error', (error) => inbox.push('connect_error', error.message));
  return {
    socket,
    next: (event, timeoutMs) => inbox.next(event, timeoutMs),
    pending: (event) => inbox.pending(event),
    send: (message) => socket.timeout(TIMEOUT).emitWithAck('message', message),
    close: () => socket.disconnect(),
  };
}

export interface WsClient {
  readonly ws: WebSocket;
  /** The next text frame, as it came. */
  next(timeoutMs?: number): Promise<string>;
  nextJson(timeoutMs?: number): Promise<any>;
  send(value: unknown): void;
  /** Resolves with the close code once the server closes the connection. */
  readonly closed: Promise<number>;
  close(): void;
}

const openSockets = new Set<WebSocket>();

/** Closes every WebSocket client a test left open. */
export const closeAllWs = (): void => {
  for (const ws of openSockets) ws.terminate();
  openSockets.clear();
};

/** A real WebSocket client (the `ws` package), as the reference's clients connect. */
export function connectWs(url: string): WsClient {
  const ws = new WebSocket(url);
  openSockets.add(ws);
  ws.on('close', () => openSockets.delete(ws));
  const inbox = new Inbox<string>();
  ws.on('message', (data: Buffer) => inbox.push('frame', data.toString()));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('error', () => undefined);
  return {
    ws,
    next: (timeoutMs) => inbox.next('frame', timeoutMs),
    nextJson: async (timeoutMs) => JSON.parse(await inbox.next('frame', timeoutMs)),
    send: (value) => {
      const frame =
        typeof value === 'string' || Buffer.isBuffer(value) ? value : JSON.stringify(value);
      if (ws.readyState === WebSocket.CONNECTING) ws.once('open', () => ws.send(frame));
      else ws.send(frame);
    },
    closed,
    close: () => ws.close(),
  };
}

export const opened = (client: WsClient): Promise<void> =>
  new Promise((resolve, reject) => {
    if (client.ws.readyState === WebSocket.OPEN) return resolve();
    client.ws.once('open', () => resolve());
    client.ws.once('error', reject);
  });

export const wsUrl = (httpUrl: string, path: string): string =>
  httpUrl.replace(/^http/, 'ws') + path;
