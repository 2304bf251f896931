import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-adapter';
import { Settings } from '../settings/settings.js';
import { createRedisClients, type QuietRedis } from './quiet-redis.js';

type AdapterFactory = ReturnType<typeof createAdapter>;

/**
 * The link between servers (REDIS_URL): the socket.io adapter that carries each room emit to the other
 * servers' sockets. Redis being down never stops this server: it keeps serving its own sockets, logs the
 * outage once, and carries replies across again once ioredis has reconnected (it retries forever).
 */
@Injectable()
export class RedisLink implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisLink.name);
  private readonly clients?: { publisher: QuietRedis; subscriber: QuietRedis };
  private readonly address: string;
  /** The state last logged: undefined until the first connection or failure. */
  private up?: boolean;
  private connectedBefore = false;
  private closing = false;

  constructor(settings: Settings) {
    this.address = settings.REDIS_URL === undefined ? '' : hostOf(settings.REDIS_URL);
    if (settings.REDIS_URL === undefined) return;
    this.clients = createRedisClients(settings.REDIS_URL);
    for (const client of Object.values(this.clients)) {
      client.on('ready', () => this.connectedIfBothReady());
      // ioredis retries every couple of seconds while Redis is down: one line per outage, not per attempt.
      client.on('error', (error: Error) => this.lost(error.message));
      client.on('close', () => this.lost('connection closed'));
    }
  }

  get enabled(): boolean {
    return this.clients !== undefined;
  }

  /** Both connections are up, so replies reach the other servers. */
  get connected(): boolean {
    return (
      this.clients !== undefined && Object.values(this.clients).every((c) => c.status === 'ready')
    );
  }

  /**
   * A connection for commands (the adapter's publisher: it never subscribes), or undefined for a single
   * server. It does not queue while Redis is down: a command then fails at once.
   */
  commands(): QuietRedis | undefined {
    return this.clients?.publisher;
  }

  /** The socket.io adapter over Redis, or undefined for a single server (socket.io's in-memory one). */
  adapter(): AdapterFactory | undefined {
    if (this.clients === undefined) return undefined;
    return createAdapter(this.clients.publisher, this.clients.subscriber);
  }

  /** Runs after the socket.io server has closed (app.close() disposes the adapters first). */
  async onApplicationShutdown(): Promise<void> {
    if (this.clients === undefined) return;
    this.closing = true;
    await Promise.all(Object.values(this.clients).map(closeClient));
  }

  private connectedIfBothReady(): void {
    if (!this.connected || this.up === true) return;
    this.logger.log(
      `${this.connectedBefore ? 'reconnected' : 'connected'} to Redis at ${this.address}: ` +
        'replies reach the clients on every server',
    );
    this.up = true;
    this.connectedBefore = true;
  }

  private lost(reason: string): void {
    if (this.closing || this.up === false) return;
    this.up = false;
    this.logger.warn(
      `Redis at ${this.address} is unreachable (${reason}): this server keeps serving its own clients, ` +
        "but its replies reach the other servers' clients only once Redis is back",
    );
  }
}

/** QUIT when Redis answers (what was sent is delivered), else, or after a second, drop the connection. */
async function closeClient(client: QuietRedis): Promise<void> {
  if (client.status === 'ready') {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, 1_000)));
    await Promise.race([client.quit().catch(() => undefined), late]);
    clearTimeout(timer);
  }
  client.disconnect();
}

/** host:port only, so that a password in the URL is never logged. */
function hostOf(url: string): string {
  const { hostname, port } = new URL(url);
  return `${hostname}:${port === '' ? '6379' : port}`;
}
