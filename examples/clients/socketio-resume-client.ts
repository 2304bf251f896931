import { io, type Socket } from 'socket.io-client';
import { run, SERVER, show } from './common.js';

// A socket.io client that disconnects after every message, then resumes with its interaction id and the seq
// of the last reply it has: the server replays whatever it missed.
const connect = (auth: Record<string, unknown>): Socket =>
  io(SERVER, { auth, transports: ['websocket'], forceNew: true });

run(async () => {
  let socket = connect({ uid: 'resuming-user', process: 'name_nickname' });
  // Listen for both at once: the welcome follows the session immediately.
  const sessionEvent = new Promise<{ interaction: string }>((resolve) =>
    socket.once('session', resolve),
  );
  const welcome = new Promise<{ seq: number }>((resolve) => socket.once('message', resolve));
  const session = await sessionEvent;
  let lastSeq = (await welcome).seq;
  show('<', `session ${session.interaction}, welcome seq ${lastSeq}`);

  for (const message of [
    { type: 'data', payload: { name_nickname: 'nickname' } },
    { type: 'utterance', utterance: 'Robin' },
    { type: 'utterance', utterance: '28' },
  ]) {
    show('>', message);
    const reply = (await socket.timeout(5_000).emitWithAck('message', message)) as {
      seq: number;
      utterance: string;
    };
    show('<', `seq ${reply.seq}: ${reply.utterance}`);
    lastSeq = reply.seq;
    socket.disconnect();
    socket = connect({ uid: 'resuming-user', interaction: session.interaction, lastSeq });
    const resumed = (await new Promise((resolve) => socket.once('session', resolve))) as {
      resumed: boolean;
      activity: string;
    };
    show('<', `resumed: ${resumed.resumed}, at ${resumed.activity}`);
  }
  socket.disconnect();
});
