import WebSocket from 'ws';
import { frameReader, run, SERVER, show } from './common.js';

// The reference's flow for a client without a uid: connect bare to get one, then connect again with it.
run(async () => {
  const base = `${SERVER.replace(/^http/, 'ws')}/ws`;
  const handout = new WebSocket(base);
  const closed = new Promise((resolve) => handout.once('close', resolve));
  const uid = await frameReader(handout)();
  show('<', `uid: ${uid}`);
  await closed;

  const ws = new WebSocket(`${base}?uid=${encodeURIComponent(uid)}&interaction=None`);
  const receive = frameReader(ws);
  show('<', `interaction id: ${await receive()}`);
  show('<', `welcome: ${await receive()}`);
  const message = { type: 'utterance', utterance: 'Bob' };
  ws.send(JSON.stringify(message));
  show('>', message);
  show('<', await receive());
  ws.close();
});
