import { io, type Socket } from 'socket.io-client';

/**
 * Opens N socket.io connections, says "ready", and keeps them open until killed. Against this server each
 * starts an interaction (ready once every welcome is in); against the bare socket.io ceiling (`ceiling`) each
 * is only connected. Usage: tsx idle-clients.ts <url> <count> [ours|ceiling]
 */
const [url, count, target] = [process.argv[2], Number(process.argv[3]), process.argv[4] ?? 'ours'];
const sockets: Socket[] = [];
for (let i = 0; i < count; i += 50) {
  await Promise.all(
    Array.from({ length: Math.min(50, count - i) }, (_, j) => {
      const socket = io(url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        auth: { uid: `idle-${i + j}` },
      });
      sockets.push(socket);
      return new Promise((resolve) =>
        socket.once(target === 'ceiling' ? 'connect' : 'message', resolve),
      );
    }),
  );
}
console.log('ready');
setInterval(() => undefined, 60_000);
