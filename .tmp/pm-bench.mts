import 'reflect-metadata';
import { parseMessage } from '../dist/conversation/parse-message.js';
const msgs = [{ type: 'utterance', utterance: 'hello there', id: 'abc-1' }, { type: 'data', payload: { a: 1, b: 'x' } }];
for (let round = 0; round < 3; round++) {
  const t = process.hrtime.bigint();
  for (let i = 0; i < 100000; i++) parseMessage(msgs[i % 2], 50, 65536);
  console.log(Number(process.hrtime.bigint() - t) / 1e5 / 1000, 'µs per message');
}
