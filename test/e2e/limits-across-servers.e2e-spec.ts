import { useServersOnRedis } from '../support/several-servers.js';
import { connectIo, connectWs, type IoClient, closeAllWs, wsUrl } from '../support/clients.js';
import { testDatabases } from '../support/databases.js';
import { severalServersSkipped } from '../support/redis-server.js';
import { type ServerProcess } from '../support/server-process.js';
import { FIXTURES_CONFIG, http } from '../support/test-app.js';

// Needs Postgres (shared by the servers) and a redis-server binary; CI must have both.
const skipped = severalServersSkipped(testDatabases().includes('postgres'));

const say = (utterance: string) => ({ type: 'utterance', utterance });

describe.runIf(skipped === '')(
  skipped === ''
    ? 'admission limits across two servers on one Redis, behind a proxy'
    : `admission limits across two servers on one Redis (skipped: ${skipped})`,
  () => {
    // Until a server reaches Redis it counts in its own memory: the fixture starts once both share the counters.
    const { servers } = useServersOnRedis({
      CONFIG_DIR: FIXTURES_CONFIG,
      DEFAULT_PROCESS: 'counter',
      TRUST_PROXY: '1',
      RATE_LIMIT_MESSAGES_PER_UID: '4',
      RATE_LIMIT_CONNECTIONS_PER_IP: '3',
    });
    const ios: IoClient[] = [];
    afterAll(() => {
      ios.forEach((c) => c.close());
      closeAllWs();
    });

    it('counts one uid once across both servers and every transport', async () => {
      const [a, b] = servers;
      const started = await http('POST', `${a.url}/interactions`, {
        headers: { 'x-forwarded-for': '198.51.100.1' },
        body: { uid: 'una' },
      });
      const id = started.body.interaction;
      const rest = await http('POST', `${a.url}/interactions/${id}/messages`, {
        uid: 'una',
        body: say('1'),
      });
      expect(rest.status).toBe(200);
      const io = connectIo(b.url, { uid: 'una', interaction: id });
      ios.push(io);
      await io.next('session');
      expect(await io.send(say('2'))).toMatchObject({ seq: 3 });
      const ws = connectWs(wsUrl(a.url, `/ws?uid=una&interaction=${id}`));
      ws.send(say('3'));
      expect(await ws.nextJson()).toMatchObject({ seq: 4 });
      expect(await io.send(say('4'))).toMatchObject({ seq: 5 });
      // The fifth message of the minute, on either server and any transport, is over the limit.
      expect(await io.send(say('5'))).toMatchObject({
        code: 'RATE_LIMITED',
        retryAfter: expect.any(Number),
      });
      const refused = await http('POST', `${a.url}/interactions/${id}/messages`, {
        uid: 'una',
        body: say('5'),
      });
      expect(refused).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED' } });
    });

    it('behind a trusted proxy, limits each forwarded client address, not the proxy', async () => {
      const [a, b] = servers;
      const open = (server: ServerProcess, client: string) =>
        http('POST', `${server.url}/interactions`, {
          headers: { 'x-forwarded-for': client },
          body: {},
        });
      const statuses = [];
      for (const server of [a, b, a, b]) statuses.push((await open(server, '203.0.113.7')).status);
      // Three per address per minute, across both servers.
      expect(statuses).toEqual([201, 201, 201, 429]);
      // Another client behind the same proxy (every request here comes from 127.0.0.1) is not affected.
      expect((await open(b, '203.0.113.8')).status).toBe(201);
      const io = connectIo(a.url, { process: 'counter' }, undefined, {
        'x-forwarded-for': '203.0.113.7',
      });
      ios.push(io);
      expect(await io.next('exception')).toMatchObject({
        code: 'RATE_LIMITED',
        message: expect.stringContaining('from this address'),
      });
    });
  },
);
