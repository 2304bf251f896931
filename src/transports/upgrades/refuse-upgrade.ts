import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { type ClientError, httpBody } from '../../common/client-errors.js';

/**
 * Answers an upgrade request that will not become a WebSocket: the HTTP status, the client error as JSON
 * (with Retry-After when it is retryable), then the connection is closed once the answer is written. The
 * HTTP server lets a client keep its half of an upgraded connection open: `end` alone would hold the
 * descriptor for as long as the client likes.
 */
export function refuseUpgrade(socket: Duplex, error: ClientError, status = error.status): void {
  if (socket.destroyed) return;
  if (!socket.writable) return void socket.destroy();
  const body = JSON.stringify(httpBody({ ...error, status }));
  const retry =
    error.retryAfterSeconds === undefined ? '' : `Retry-After: ${error.retryAfterSeconds}\r\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${retry}\r\n${body}`,
    () => socket.destroy(),
  );
}
