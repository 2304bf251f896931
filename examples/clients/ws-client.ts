import WebSocket from 'ws';
import { frameReader, run, SERVER, show } from './common.js';

// A client of the reference's plain WebSocket protocol, with a uid: the interaction id, the welcome, then one
// reply per message.
run(async () => {
  const ws = new WebSocket(
    `${SERVER.replace(/^http/, 'ws')}/ws?uid=example-ws-user&interaction=None`,
  );
  const receive = frameReader(ws);
  show('<', `interaction id: ${await receive()}`);
  show('<', `welcome: ${await receive()}`);
  const message = { type: 'data', payload: { echo: 'Bob' } };
  ws.send(JSON.stringify(message));
  show('>', message);
  show('<', await receive());
  ws.close();
});
