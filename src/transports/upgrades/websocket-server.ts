import { type ServerOptions, type WebSocket, WebSocketServer } from 'ws';

/** How long a closed socket gets to finish the closing handshake before it is cut (ws waits 30 s). */
export const CLOSING_MS = 1000;

/**
 * A `ws` server for the UpgradeRouter's upgrades, with the frame cap, and a short closing handshake: a
 * client that never answers a close frame must not hold its descriptor for long.
 */
export function webSocketServer(maxPayload: number): WebSocketServer {
  // closeTimeout (ws 8.19) is not in @types/ws yet.
  const options: ServerOptions & { closeTimeout: number } = {
    noServer: true,
    maxPayload,
    closeTimeout: CLOSING_MS,
  };
  return new WebSocketServer(options);
}

/**
 * A bad frame (unmasked, reserved bits, an unknown opcode, invalid UTF-8, over the size limit) makes `ws`
 * send the close frame its protocol error calls for (1002, 1007, 1009) and emit `error`, which without a
 * listener is an uncaught exception. The close itself is ws's, bounded by CLOSING_MS.
 */
export function closeOnError(ws: WebSocket): void {
  ws.on('error', () => undefined);
}
