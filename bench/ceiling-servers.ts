import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { WebSocketServer } from 'ws';

// The ceilings: what socket.io and ws do with no work at all. Usage: tsx ceiling-servers.ts <socket.io|ws> <port>
const [kind, port] = [process.argv[2], Number(process.argv[3])];
const http = createServer();
let seq = 0;
if (kind === 'socket.io') {
  const io = new Server(http, { serveClient: false });
  io.on('connection', (socket) =>
    socket.on('message', (_m: unknown, ack?: (r: unknown) => void) =>
      ack?.({ utterance: 'ok', payload: {}, seq: ++seq }),
    ),
  );
} else {
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (ws) => ws.on('message', (data) => ws.send(data)));
}
http.listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${port}`));
