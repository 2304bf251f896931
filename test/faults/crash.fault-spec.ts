import { type IoClient, connectIo } from '../support/clients.js';
import { type ServerProcess } from '../support/server-process.js';
import { openStore } from '../support/store.js';
import { rssSampler, sleep, summary, useFaultServers } from './support/faults.js';

const CLIENTS = 50;

interface Chatter {
  uid: string;
  interaction: string;
  /** Every reply the client received, by message id. */
  acked: Map<string, { seq: number; payload: unknown }>;
  /** The message sent and never answered when the server died. */
  unanswered: string | null;
}

/** Sends messages one after the other until the connection drops; remembers what was answered. */
async function chat(client: IoClient, chatter: Chatter): Promise<void> {
  const dropped = new Promise<null>((resolve) =>
    client.socket.once('disconnect', () => resolve(null)),
  );
  for (let n = 1; ; n += 1) {
    const id = `${chatter.uid}-m${n}`;
    chatter.unanswered = id;
    const reply = await Promise.race([
      new Promise<any>((resolve) =>
        client.socket.emit('message', { type: 'data', payload: {}, id }, resolve),
      ),
      dropped,
    ]);
    if (reply === null) return;
    if (typeof reply.seq !== 'number') throw new Error(`unexpected ack ${JSON.stringify(reply)}`);
    chatter.acked.set(id, { seq: reply.seq, payload: reply.payload });
    chatter.unanswered = null;
  }
}

describe('a server killed (SIGKILL) under load', () => {
  const fault = useFaultServers();
  let server: ServerProcess | undefined;

  it('loses no acknowledged reply, keeps every state at its last commit, and processes a retried message once', async () => {
    server = await fault.start({ DEFAULT_PROCESS: 'counter' });
    const rss = rssSampler(server.child.pid!);
    const chatters: Chatter[] = [];
    const clients: IoClient[] = [];
    for (let i = 0; i < CLIENTS; i += 1) {
      const client = connectIo(server.url, { uid: `crash-${i}` });
      const session = await client.next('session');
      await client.next('message');
      clients.push(client);
      chatters.push({
        uid: session.uid,
        interaction: session.interaction,
        acked: new Map(),
        unanswered: null,
      });
    }
    const load = chatters.map((chatter, i) => chat(clients[i], chatter));
    await sleep(2_500);
    expect(await server.stop('SIGKILL')).toBe('SIGKILL');
    const maxRss = rss.stop();
    await Promise.all(load);
    for (const client of clients) client.close();
    const acked = chatters.reduce((sum, c) => sum + c.acked.size, 0);
    expect(acked).toBeGreaterThan(CLIENTS);

    server = await fault.start({ DEFAULT_PROCESS: 'counter' });
    const { store, close } = await openStore(fault.db.env);
    let found = 0;
    let committed = 0;
    try {
      for (const chatter of chatters) {
        const transcript = await store.transcript(chatter.interaction, 0);
        const interaction = (await store.find(chatter.interaction))!;
        committed += transcript.length - 1;
        // Every reply a client received is in the transcript, exactly as it was sent.
        for (const [id, reply] of chatter.acked) {
          const entries = transcript.filter((e) => e.messageId === id);
          expect(entries).toHaveLength(1);
          expect(entries[0].reply).toMatchObject(reply);
          found += 1;
        }
        // The state is the one of the last committed turn, nothing more, nothing less.
        const last = transcript.at(-1)!;
        expect(interaction.lastSeq).toBe(last.seq);
        expect(interaction.state.context.counter).toBe(transcript.length - 1);
        if (transcript.length > 1)
          expect(last.reply.payload).toEqual({ counter: transcript.length - 1 });
      }
    } finally {
      await close();
    }

    // Each client comes back, resumes, and sends its unanswered message again, with the same id, twice.
    let retried = 0;
    await Promise.all(
      chatters.map(async (chatter) => {
        if (chatter.unanswered === null) return;
        const client = connectIo(server!.url, {
          uid: chatter.uid,
          interaction: chatter.interaction,
        });
        await client.next('session');
        const message = { type: 'data', payload: {}, id: chatter.unanswered };
        const first = await client.send(message);
        const again = await client.send(message);
        expect(again).toEqual(first);
        client.close();
        retried += 1;
      }),
    );
    const check = await openStore(fault.db.env);
    let duplicates = 0;
    try {
      for (const chatter of chatters) {
        const transcript = await check.store.transcript(chatter.interaction, 0);
        const ids = transcript.map((e) => e.messageId).filter((id) => id !== null);
        duplicates += ids.length - new Set(ids).size;
        if (chatter.unanswered !== null)
          expect(ids.filter((id) => id === chatter.unanswered)).toHaveLength(1);
        const interaction = (await check.store.find(chatter.interaction))!;
        expect(interaction.state.context.counter).toBe(transcript.length - 1);
      }
    } finally {
      await check.close();
    }
    expect(duplicates).toBe(0);
    expect(retried).toBeGreaterThan(0);
    summary('crash-under-load', {
      clients: CLIENTS,
      turns_acked: acked,
      turns_found: found,
      turns_committed: committed,
      retried,
      duplicates,
      max_rss_mb: maxRss,
    });
  });
});
