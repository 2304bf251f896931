import { testDatabases } from '../support/databases.js';
import { hasRedisServer } from '../support/redis-server.js';
import { useServersOnRedis } from '../support/several-servers.js';
import { connectRasa, type RasaClient } from '../support/widget-clients.js';

// Needs Postgres (shared by the servers) and a redis-server binary; CI must have both.
const postgres = testDatabases().includes('postgres');
const redis = hasRedisServer() || process.env.CI === 'true';
const skipped = !postgres ? 'no PostgreSQL reachable' : !redis ? 'no redis-server binary' : '';

describe.runIf(skipped === '')(
  skipped === ''
    ? 'a Rasa client that keeps its first session id'
    : `a Rasa client that keeps its first session id (skipped: ${skipped})`,
  () => {
    const { servers } = useServersOnRedis({ SESSION_SECRET: 'one-secret-for-both-of-the-servers' });
    const clients: RasaClient[] = [];
    const connect = (url: string) => {
      const client = connectRasa(url);
      clients.push(client);
      return client;
    };
    afterAll(() => clients.forEach((c) => c.close()));

    const seqOf = (frames: { metadata: { seq: number } }[]) => frames.at(-1)?.metadata.seq;

    it('resumes its own conversation on reconnect, on the other server, as Rasa’s stable ids promise', async () => {
      const [a, b] = servers;
      const first = connect(a.url);
      first.emit('session_request', {});
      const id = await first.next('session_confirm');
      // As a client other than rasa-webchat does: every frame carries the first id, later confirms are ignored.
      expect(seqOf(await first.utter('/get_started', id, { process: 'store' }))).toBe(1);
      expect(seqOf(await first.utter('hello', id))).toBe(2);
      first.close();

      const again = connect(b.url);
      again.emit('session_request', { session_id: id });
      expect(await again.next('session_confirm')).toBe(id);
      const reply = await again.utter('I would like a cap', id);
      // The same interaction, carried on: seq 3, not a new conversation's welcome.
      expect(seqOf(reply)).toBe(3);

      // And back on the first server, with the same id once more.
      const third = connect(a.url);
      third.emit('session_request', { session_id: id });
      expect(await third.next('session_confirm')).toBe(id);
      expect(seqOf(await third.utter('the black one', id))).toBe(4);
    });

    it('does not give that conversation to someone who names another uid', async () => {
      const [a, b] = servers;
      const owner = connect(a.url);
      owner.emit('session_request', {});
      const id = await owner.next('session_confirm');
      await owner.utter('/get_started', id, { uid: 'rosa', process: 'quickstart' });
      const intruder = connect(b.url);
      intruder.emit('session_request', { session_id: id, customData: { uid: 'mallory' } });
      const confirmed = await intruder.next('session_confirm');
      expect(confirmed).not.toBe(id);
      expect(await intruder.next('exception')).toMatchObject({ code: 'INTERACTION_NOT_FOUND' });
    });
  },
);
