import { createTestDatabase, type TestDatabase } from './databases.js';
import { until } from './network.js';
import { redisConnected, type RedisServer, startRedisServer } from './redis-server.js';
import { type ServerProcess, startServer } from './server-process.js';

/**
 * Two servers (the built dist/main.js) on one fresh Postgres database and one private redis-server, for the tests
 * of the enclosing `describe`: started, and linked to Redis, before them; stopped and dropped after them.
 */
export function useServersOnRedis(env: Record<string, string> = {}): {
  readonly servers: ServerProcess[];
  readonly redis: RedisServer;
  readonly db: TestDatabase;
} {
  let db: TestDatabase | undefined;
  let redis: RedisServer | undefined;
  const servers: ServerProcess[] = [];
  beforeAll(async () => {
    [redis, db] = await Promise.all([startRedisServer(), createTestDatabase('postgres')]);
    const settings = { ...db.env, REDIS_URL: redis.url, ...env };
    servers.push(...(await Promise.all([startServer(settings), startServer(settings)])));
    for (const server of servers)
      await until('the server connected to Redis', () => redisConnected(server.url, true));
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await redis?.stop();
    await db?.drop();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined)
      throw new Error('the servers are not started yet (use them inside a test)');
    return value;
  };
  return {
    servers,
    get redis() {
      return ready(redis);
    },
    get db() {
      return ready(db);
    },
  };
}
