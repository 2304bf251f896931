import { readdirSync } from 'node:fs';
import { connect, type Socket } from 'node:net';

/** What a server answered to bytes sent over a raw TCP connection, and whether it closed it. */
export interface RawAnswer {
  /** The HTTP status of the answer, when it has one. */
  readonly status: number | undefined;
  readonly text: string;
  /** Whether the server closed the connection within the wait. */
  readonly closed: boolean;
}

const hostPort = (url: string) => {
  const { hostname, port } = new URL(url);
  return { host: hostname, port: Number(port) };
};

/** Sends `bytes` on a new connection and waits (at most `waitMs`) for the server to close it. */
export function rawExchange(
  url: string,
  bytes: string | Buffer,
  waitMs = 3000,
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(hostPort(url), () => socket.write(bytes));
    const chunks: Buffer[] = [];
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
      resolve({ status: status === undefined ? undefined : Number(status), text, closed });
    };
    const timer = setTimeout(() => done(false), waitMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => done(true));
  });
}

/** An HTTP/1.1 request with WebSocket upgrade headers (any of which `headers` may replace or drop). */
export function upgradeRequest(
  target: string,
  headers: Record<string, string | undefined> = {},
): string {
  const all: Record<string, string | undefined> = {
    Host: '127.0.0.1',
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    ...headers,
  };
  const lines = Object.entries(all)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}: ${value}`);
  return `GET ${target} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

/** One WebSocket frame as a client may (or may not) send it. */
export interface FrameSpec {
  readonly opcode: number;
  readonly payload?: Buffer;
  readonly fin?: boolean;
  /** The reserved bits (RSV1-3), 0 to 7. */
  readonly rsv?: number;
  /** Clients must mask; false sends an unmasked frame. */
  readonly masked?: boolean;
  /** A length in the header that differs from the payload's. */
  readonly declaredLength?: number;
}

export function encodeFrame(spec: FrameSpec): Buffer {
  const payload = spec.payload ?? Buffer.alloc(0);
  const length = spec.declaredLength ?? payload.length;
  const masked = spec.masked !== false;
  const first = ((spec.fin === false ? 0 : 1) << 7) | ((spec.rsv ?? 0) << 4) | (spec.opcode & 0xf);
  const mask = masked ? 0x80 : 0;
  let header: Buffer;
  if (length < 126) header = Buffer.from([first, mask | length]);
  else if (length < 65536) {
    header = Buffer.from([first, mask | 126, 0, 0]);
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.from([first, mask | 127, 0, 0, 0, 0, 0, 0, 0, 0]);
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  if (!masked) return Buffer.concat([header, payload]);
  const key = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const body = Buffer.from(payload.map((byte, i) => byte ^ key[i % 4]));
  return Buffer.concat([header, key, body]);
}

/** A close frame's payload: the code and a reason. */
export const closePayload = (code: number, reason = ''): Buffer => {
  const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
  payload.writeUInt16BE(code, 0);
  payload.write(reason, 2);
  return payload;
};

/** A WebSocket opened by hand over TCP, to send frames no well-behaved client library would. */
export interface RawWebSocket {
  readonly socket: Socket;
  send(bytes: Buffer): void;
  /** The server's close code (undefined when it closed without a close frame), once the TCP connection ends. */
  readonly closed: Promise<number | undefined>;
  /** The text of the text frames received so far. */
  texts(): string[];
}

/** Completes a WebSocket handshake on `target`; rejects with the answer when it is not 101. */
export function openRawWebSocket(url: string, target: string): Promise<RawWebSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect(hostPort(url), () => socket.write(upgradeRequest(target)));
    let buffer = Buffer.alloc(0);
    let upgraded = false;
    let closeCode: number | undefined;
    const texts: string[] = [];
    const closed = new Promise<number | undefined>((done) =>
      socket.on('close', () => done(closeCode)),
    );
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString('latin1');
        if (!head.startsWith('HTTP/1.1 101')) {
          socket.destroy();
          return reject(new Error(`not upgraded: ${head.split('\r\n')[0]}`));
        }
        upgraded = true;
        buffer = buffer.subarray(end + 4);
        resolve({ socket, send: (bytes) => socket.write(bytes), closed, texts: () => texts });
      }
      // Server frames are unmasked; read whole ones.
      for (;;) {
        if (buffer.length < 2) return;
        let length = buffer[1] & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (buffer.length < 4) return;
          length = buffer.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          if (buffer.length < 10) return;
          length = Number(buffer.readBigUInt64BE(2));
          offset = 10;
        }
        if (buffer.length < offset + length) return;
        const opcode = buffer[0] & 0xf;
        const payload = buffer.subarray(offset, offset + length);
        if (opcode === 0x8) closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        if (opcode === 0x1) texts.push(payload.toString('utf8'));
        buffer = buffer.subarray(offset + length);
      }
    });
  });
}

/** A process's open descriptors (what its /metrics reports as process_open_fds). */
export const openFds = (pid: number): number => readdirSync(`/proc/${pid}/fd`).length;
