import { io } from 'socket.io-client';
import { PROCESS, run, SERVER, show } from './common.js';

// A socket.io frontend: connect, get the session and the welcome, send data, get the reply.
run(async () => {
  const socket = io(SERVER, {
    auth: { uid: 'example-user', process: PROCESS },
    transports: ['websocket'],
  });
  // Listen for both at once: the welcome follows the session immediately.
  const session = new Promise((resolve) => socket.once('session', resolve));
  const welcome = new Promise((resolve) => socket.once('message', resolve));
  show('<', { session: await session });
  show('<', await welcome);

  const message = { type: 'data', payload: { echo: 'Bob' }, id: 'example-1' };
  show('>', message);
  show('<', await socket.timeout(5_000).emitWithAck('message', message));
  socket.disconnect();
});
