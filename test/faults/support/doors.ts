/**
 * The doors' hostile input, from a seed: raw HTTP requests (broken targets, bad percent-encoding,
 * absolute-form, oversized headers, bad or missing upgrade headers, odd methods) to every path of every
 * transport, and raw WebSocket frames that break the framing (RFC 6455) or carry garbage.
 */
import { closePayload, encodeFrame, upgradeRequest } from '../../support/raw-socket.js';
import type { Random } from './hostile.js';

/** Every path a client reaches, on every transport; `{id}` becomes a real or a made-up id. */
const PATHS = [
  '/socket.io/?EIO=4&transport=websocket',
  '/socket.io/?EIO=4&transport=polling',
  '/socket.io/?EIO=3&transport=websocket&sid={id}',
  '/rasa/?EIO=4&transport=websocket',
  '/ws',
  '/ws?uid=mal&interaction={id}',
  '/ws/use/{id}',
  '/use/{id}',
  '/v3/directline/conversations/{id}/stream?t=x',
  '/v3/directline/conversations/{id}/activities',
  '/v3/directline/tokens/generate',
  '/interactions',
  '/interactions/{id}/messages',
  '/init',
  '/event',
  '/get_uid',
  '/admin/interactions/{id}',
  '/admin/processes',
  '/health',
  '/metrics',
  '/',
  '/docs',
];

const IDS = ['%E0', '%', '%zz', '%00', '%C0%AF', '..%2f..', 'x'.repeat(300), '%F0%9F%98', ''];

/** A request target: a path of PATHS, broken in one of the ways clients and attackers break them. */
function target(r: Random, id: string): string {
  const path = r.pick(PATHS).replace('{id}', r.next() < 0.5 ? id : r.pick(IDS));
  return r.pick<() => string>([
    () => path,
    () => `http://127.0.0.1${path}`,
    () => `http://[${path}`,
    () => `ws://x${path}`,
    () => `/${path}`,
    () => '*',
    () => `${path}${path.includes('?') ? '&' : '?'}uid=%E0&watermark=${r.pick(['-1', '1e9', 'x'])}`,
    () => path.replace(/\//g, r.pick(['%2F', '\\', '/./', '//'])),
    () => `${path}/${'a'.repeat(4000 + r.int(6000))}`,
    () => path.replace('?', r.pick(['%3F', '??', '?&&=&'])),
  ])();
}

/** Upgrade headers, some missing, some wrong. */
function upgradeHeaders(r: Random): Record<string, string | undefined> {
  return r.pick<() => Record<string, string | undefined>>([
    () => ({}),
    () => ({ Upgrade: undefined }),
    () => ({ Upgrade: 'h2c' }),
    () => ({ Connection: 'keep-alive' }),
    () => ({ 'Sec-WebSocket-Version': r.pick(['8', '', '13, 8', 'x']) }),
    () => ({ 'Sec-WebSocket-Key': r.pick([undefined, '', 'short', '%E0'.repeat(8)]) }),
    () => ({ Origin: r.pick(['http://evil.example', 'null', '%E0']) }),
    () => ({ Authorization: r.pick(['Bearer', 'Bearer %E0', `Bearer ${'x'.repeat(9000)}`]) }),
    () => ({ 'X-Forwarded-For': r.pick(['%E0', '1.1.1.1, [::', '']) }),
  ])();
}

/** One raw request, as bytes; `complete` is false when it leaves the server waiting for more. */
export function rawRequest(r: Random, id: string): { bytes: string; complete: boolean } {
  const line = target(r, id);
  if (r.next() < 0.55) return { bytes: upgradeRequest(line, upgradeHeaders(r)), complete: true };
  const method = r.pick(['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'FOO', 'CONNECT']);
  const headers = [`Host: ${r.pick(['127.0.0.1', '', '[', 'a'.repeat(300)])}`, 'Connection: close'];
  const kind = r.int(6);
  if (kind === 0) headers.push(`X-Big: ${'b'.repeat(20_000 + r.int(40_000))}`);
  if (kind === 1) headers.push('Content-Type: application/json', 'Content-Length: 12');
  if (kind === 2) headers.push('Transfer-Encoding: chunked', 'Content-Length: 3');
  if (kind === 3) headers.push('no colon here');
  const body = kind === 1 ? r.pick(['{"type":', '{"a":1}    x', '']) : kind === 2 ? 'zz\r\n' : '';
  const complete = kind !== 1 || body.length >= 12;
  return {
    bytes: `${method} ${line} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n${body}`,
    complete,
  };
}

/** A frame, and whether it breaks the framing (the server must close) or only carries garbage. */
export interface HostileFrame {
  readonly what: string;
  readonly bytes: Buffer;
  readonly breaks: boolean;
}

export function hostileFrame(r: Random, maxPayload: number): HostileFrame {
  const text = (s: string) => Buffer.from(s);
  const bad = (what: string, bytes: Buffer) => ({ what, bytes, breaks: true });
  return r.pick<() => HostileFrame>([
    () => bad('unmasked', encodeFrame({ opcode: 1, payload: text('{}'), masked: false })),
    () => bad('reserved bits', encodeFrame({ opcode: 1, payload: text('{}'), rsv: 1 + r.int(7) })),
    () => bad('bad opcode', encodeFrame({ opcode: r.pick([3, 4, 5, 6, 7, 11, 12, 13, 14, 15]) })),
    () =>
      bad('invalid UTF-8', encodeFrame({ opcode: 1, payload: Buffer.from([0x7b, 0xc3, 0x28]) })),
    () =>
      bad(
        'oversized',
        encodeFrame({ opcode: 2, payload: Buffer.alloc(maxPayload + 1 + r.int(9000)) }),
      ),
    () =>
      bad('huge length', encodeFrame({ opcode: 1, payload: text('{'), declaredLength: 2 ** 40 })),
    () => bad('lone continuation', encodeFrame({ opcode: 0, payload: text('x') })),
    () =>
      bad(
        'new message inside a fragmented one',
        Buffer.concat([
          encodeFrame({ opcode: 1, payload: text('{"a"'), fin: false }),
          encodeFrame({ opcode: 1, payload: text(':1}') }),
        ]),
      ),
    () => bad('fragmented ping', encodeFrame({ opcode: 9, payload: text('p'), fin: false })),
    () => bad('long ping', encodeFrame({ opcode: 9, payload: Buffer.alloc(126) })),
    () => bad('one-byte close', encodeFrame({ opcode: 8, payload: Buffer.from([3]) })),
    () =>
      bad(
        'invalid close code',
        encodeFrame({
          opcode: 8,
          payload: closePayload(r.pick([0, 999, 1005, 1006, 1015, 2999, 5000])),
        }),
      ),
    () =>
      bad(
        'close reason not UTF-8',
        encodeFrame({
          opcode: 8,
          payload: Buffer.concat([closePayload(1000), Buffer.from([0xff])]),
        }),
      ),
    () => ({
      what: 'fragmented garbage',
      bytes: Buffer.concat([
        encodeFrame({ opcode: 1, payload: text('not '), fin: false }),
        encodeFrame({ opcode: 9, payload: text('ping between') }),
        encodeFrame({ opcode: 0, payload: text('json') }),
      ]),
      breaks: false,
    }),
    () => ({
      what: 'binary garbage',
      bytes: encodeFrame({ opcode: 2, payload: Buffer.from([0, 255, 1]) }),
      breaks: false,
    }),
    () => ({
      what: 'text garbage',
      bytes: encodeFrame({ opcode: 1, payload: text('4{"x":') }),
      breaks: false,
    }),
  ])();
}

/** The client's own close, after a frame that did not break the framing. */
export const normalClose = (): Buffer => encodeFrame({ opcode: 8, payload: closePayload(1000) });
