import { useServersOnRedis } from '../support/several-servers.js';
import { connectIo, type IoClient } from '../support/clients.js';
import { testDatabases } from '../support/databases.js';
import {
  hasRedisServer,
  redisConnected,
  type RedisServer,
  severalServersSkipped,
  startRedisServer,
} from '../support/redis-server.js';
import { until } from '../support/network.js';
import { type ServerProcess, startServer } from '../support/server-process.js';
import { FIXTURES_CONFIG, http } from '../support/test-app.js';

// Needs Postgres (shared by the servers) and a redis-server binary; CI must have both.
const skipped = severalServersSkipped(testDatabases().includes('postgres'));

const say = (utterance: string) => ({ type: 'utterance', utterance });

describe.runIf(skipped === '')(
  skipped === ''
    ? 'two servers on one Postgres and one Redis'
    : `two servers on one Postgres and one Redis (skipped: ${skipped})`,
  () => {
    const linked = useServersOnRedis({ CONFIG_DIR: FIXTURES_CONFIG });
    const { servers } = linked;
    let tabs: IoClient[] = [];
    afterAll(() => tabs.forEach((tab) => tab.close()));

    it('delivers every reply to a tab on each server, serves its own tabs while Redis is down, and carries replies across again once it is back', async () => {
      const [a, b] = servers;
      const tabA = connectIo(a.url, { uid: 'ann', process: 'counter' });
      tabs.push(tabA);
      const { interaction } = await tabA.next('session');
      expect((await tabA.next('message')).seq).toBe(1);
      const tabB = connectIo(b.url, { uid: 'ann', interaction });
      tabs.push(tabB);
      expect(await tabB.next('session')).toMatchObject({ interaction, resumed: true });

      // A turn on either server reaches the tab on the other (its sender has it as the ack).
      expect(await tabA.send(say('one'))).toMatchObject({ seq: 2, utterance: 'count 1' });
      expect(await tabB.next('message')).toMatchObject({ seq: 2, utterance: 'count 1' });
      expect(await tabB.send({ ...say('two'), id: 'b-1' })).toMatchObject({ seq: 3 });
      // Through Redis too, the reply carries the input and the message id.
      expect(await tabA.next('message')).toMatchObject({ seq: 3, input: say('two'), id: 'b-1' });

      // Redis goes away: each server still answers its own tabs, and stays healthy.
      await linked.redis.stop();
      for (const server of servers)
        await until('the server noticed Redis is gone', () => redisConnected(server.url, false));
      expect(await tabA.send(say('three'))).toMatchObject({ seq: 4, utterance: 'count 3' });
      expect(await tabB.send(say('four'))).toMatchObject({ seq: 5, utterance: 'count 4' });
      const health = await http('GET', `${a.url}/health`);
      expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });

      // Redis is back: replies cross again (polled, since the servers reconnect on their own schedule).
      await linked.redis.start();
      let seq = 5;
      await until('a reply from server A reached the tab on server B', async () => {
        seq += 1;
        await tabA.send(say(`again ${seq}`));
        await new Promise((resolve) => setTimeout(resolve, 200));
        return tabB.pending('message').some((reply) => reply.seq === seq);
      });
      seq += 1;
      expect(await tabB.send(say('last'))).toMatchObject({ seq });
      await until('the last reply reached the tab on server A', async () =>
        tabA.pending('message').some((reply) => reply.seq === seq),
      );
      // A reply made while Redis was down was dropped for the other server, never delivered late.
      expect(tabB.pending('message').map((reply) => reply.seq)).not.toContain(4);
      expect(tabA.pending('message').map((reply) => reply.seq)).not.toContain(5);

      // One warning per outage and one line when Redis is back, however often ioredis retried.
      for (const server of servers) {
        expect(server.output().match(/Redis at \S+ is unreachable/g)).toHaveLength(1);
        expect(server.output().match(/reconnected to Redis at \S+/g)).toHaveLength(1);
      }
      expect(await Promise.all(servers.map((s) => s.stop()))).toEqual([0, 0]);
    });
  },
);

const redis = hasRedisServer() || process.env.CI === 'true';

describe.runIf(redis)(
  redis
    ? 'a server whose Redis is down'
    : 'a server whose Redis is down (skipped: no redis-server binary)',
  () => {
    let redisServer: RedisServer;
    let server: ServerProcess | undefined;
    afterAll(async () => {
      await server?.stop();
      await redisServer?.stop();
    });

    it('starts anyway, serves its own tabs, and connects once Redis is up', async () => {
      redisServer = await startRedisServer();
      await redisServer.stop();
      server = await startServer({ CONFIG_DIR: FIXTURES_CONFIG, REDIS_URL: redisServer.url });
      const tab = connectIo(server.url, { uid: 'bob', process: 'counter' });
      try {
        await tab.next('session');
        expect(await tab.send(say('one'))).toMatchObject({ seq: 2, utterance: 'count 1' });
        expect(await http('GET', `${server.url}/health`)).toMatchObject({
          status: 200,
          body: { status: 'ok', info: { redis: { status: 'up', connected: false } } },
        });
        await redisServer.start();
        await until('the server connected to Redis', () => redisConnected(server!.url, true));
        expect(server.output()).toMatch(/Redis at \S+ is unreachable/);
        expect(server.output()).toMatch(/connected to Redis at \S+/);
        expect(server.output()).not.toMatch(/reconnected/);
      } finally {
        tab.close();
      }
    });
  },
);
