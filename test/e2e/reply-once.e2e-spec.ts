import type { Socket } from 'socket.io-client';
import { connectIo, type IoClient } from '../support/clients.js';
import { testDatabases } from '../support/databases.js';
import { until } from '../support/network.js';
import { hasRedisServer } from '../support/redis-server.js';
import { useServersOnRedis } from '../support/several-servers.js';
import { FIXTURES_CONFIG, http } from '../support/test-app.js';
import { connectRasa, type RasaClient } from '../support/widget-clients.js';

// Needs Postgres (shared by the servers) and a redis-server binary; CI must have both.
const postgres = testDatabases().includes('postgres');
const redis = hasRedisServer() || process.env.CI === 'true';
const skipped = !postgres ? 'no PostgreSQL reachable' : !redis ? 'no redis-server binary' : '';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seqs = (replies: { seq: number }[]) => replies.map((r) => r.seq);
const frameSeqs = (frames: { metadata: { seq: number } }[]) => frames.map((f) => f.metadata.seq);

/** Every engine.io message packet the socket receives (events and acks alike), so that any duplicate counts. */
function countPackets(socket: Socket): () => number {
  let packets = 0;
  socket.io.engine.on('packet', (packet: { type: string }) => {
    if (packet.type === 'message') packets += 1;
  });
  return () => packets;
}

describe.runIf(skipped === '')(
  skipped === ''
    ? 'each reply once per socket, on two servers'
    : `each reply once per socket, on two servers (skipped: ${skipped})`,
  () => {
    const { servers } = useServersOnRedis({
      CONFIG_DIR: FIXTURES_CONFIG,
      SESSION_SECRET: 'one-secret-for-both',
    });
    const clients: (IoClient | RasaClient)[] = [];
    afterAll(() => clients.forEach((c) => c.close()));

    it('gives the sender its reply as its ack (or, without one, as its event) and every other socket, here or on the other server, the event: once each', async () => {
      const [a, b] = servers;
      // A Rasa widget on A starts the interaction; a second one resumes it on B.
      const rasa1 = connectRasa(a.url);
      const rasa2 = connectRasa(b.url);
      clients.push(rasa1, rasa2);
      rasa1.emit('session_request', {});
      const pending = await rasa1.next('session_confirm');
      const welcome = await rasa1.utter('/get_started', pending, {
        uid: 'ann',
        process: 'counter',
      });
      expect(frameSeqs(welcome)).toContain(1);
      const session = await rasa1.next('session_confirm');
      const interaction = JSON.parse(Buffer.from(session.split('.')[1], 'base64url').toString())
        .ixn as string;
      rasa2.emit('session_request', { session_id: session });
      expect(await rasa2.next('session_confirm')).toBe(session);
      // Two socket.io tabs on A, one on B.
      const tabs = [a, a, b].map((server) => connectIo(server.url, { uid: 'ann', interaction }));
      clients.push(...tabs);
      const packets = tabs.map((tab) => countPackets(tab.socket));
      for (const tab of tabs) await tab.next('session');
      const [tab1, tab2, tab3] = tabs;
      await sleep(200);
      const before = packets.map((count) => count());
      expect(tabs.map((tab) => tab.pending('message'))).toEqual([[], [], []]);
      expect([rasa1, rasa2].map((r) => r.pending('bot_uttered'))).toEqual([[], []]);

      const acks: Record<string, { seq: number }[]> = { tab1: [], tab2: [], tab3: [] };
      const say = (utterance: string, id: string) => ({ type: 'utterance', utterance, id });
      /** Without an ack: the reply comes to the sender as its event. */
      const emit = async (tab: IoClient, message: { id: string }) => {
        const had = tab.pending('message').length;
        tab.socket.emit('message', message);
        await until('the sender got its reply as an event', async () =>
          tab
            .pending('message')
            .slice(had)
            .some((r) => r.id === message.id),
        );
      };
      acks.tab1.push(await tab1.send(say('one', 't1'))); // seq 2, on A
      await emit(tab2, say('two', 't2')); // seq 3, on A
      acks.tab3.push(await tab3.send(say('three', 't3'))); // seq 4, on B
      await emit(tab3, say('four', 't3-b')); // seq 5, on B
      const rasaAck = await rasa1.utter('five', session); // seq 6, on A
      rasa2.emit('user_uttered', { message: 'six', session_id: session }); // seq 7, on B
      await until('the Rasa sender got its reply as events', async () =>
        frameSeqs(rasa2.pending('bot_uttered')).includes(7),
      );
      const rest = await http('POST', `${a.url}/interactions/${interaction}/messages`, {
        uid: 'ann',
        body: say('seven', 'rest'),
      });
      expect(rest.body).toMatchObject({ seq: 8 });
      // Resent ids, answered from the log: the sender again (ack or event), nobody else.
      acks.tab1.push(await tab1.send(say('one', 't1')));
      await emit(tab2, say('two', 't2'));

      await until('every socket got the REST turn', async () =>
        [...tabs.map((t) => seqs(t.pending('message'))), frameSeqs(rasa1.pending('bot_uttered'))]
          .concat([frameSeqs(rasa2.pending('bot_uttered'))])
          .every((got) => got.includes(8)),
      );
      await sleep(500); // time for a late duplicate to show

      expect(seqs(acks.tab1)).toEqual([2, 2]);
      expect(seqs(tab1.pending('message'))).toEqual([3, 4, 5, 6, 7, 8]);
      expect(seqs(tab2.pending('message'))).toEqual([2, 3, 4, 5, 6, 7, 8, 3]);
      expect(seqs(acks.tab3)).toEqual([4]);
      expect(seqs(tab3.pending('message'))).toEqual([2, 3, 5, 6, 7, 8]);
      // Nothing else came: every packet is one of those events or acks.
      expect(packets.map((count, i) => count() - before[i])).toEqual([8, 8, 7]);
      // The other tabs' copy is the sender's, input and id included.
      expect(tab2.pending('message')[0]).toEqual(acks.tab1[0]);
      expect(tab1.pending('message')[1]).toEqual(acks.tab3[0]);

      // A counter reply is two bot_uttered frames (its text, its payload): each Rasa socket has each once.
      expect(frameSeqs(rasaAck)).toEqual([6, 6]);
      expect(frameSeqs(rasa1.pending('bot_uttered'))).toEqual([2, 2, 3, 3, 4, 4, 5, 5, 7, 7, 8, 8]);
      expect(frameSeqs(rasa2.pending('bot_uttered'))).toEqual([
        2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8,
      ]);
    });
  },
);
