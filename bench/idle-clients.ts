import { io, type Socket } from 'socket.io-client';

// Opens N socket.io connections (each starts an interaction), says "ready", and keeps them open until killed.
const [url, count] = [process.argv[2], Number(process.argv[3])];
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
      return new Promise((resolve) => socket.once('message', resolve));
    }),
  );
}
console.log('ready');
setInterval(() => undefined, 60_000);
