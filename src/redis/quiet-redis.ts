import { type Command, Redis } from 'ioredis';

/**
 * A Redis client whose failed commands never become unhandled rejections. The socket.io Redis adapter
 * fires its publishes and subscriptions without awaiting them, so while Redis is down each rejection would
 * otherwise stop the process. A caller that awaits a command still gets its error.
 */
export class QuietRedis extends Redis {
  override sendCommand(command: Command, stream?: Parameters<Redis['sendCommand']>[1]): unknown {
    command.promise.catch(() => undefined);
    return super.sendCommand(command, stream);
  }
}

/**
 * The two connections the adapter needs. The publisher drops what it cannot send at once: a reply
 * committed while Redis is down reaches this server's clients only, instead of piling up in memory and
 * arriving late elsewhere. The subscriber keeps its subscriptions queued until Redis answers, then
 * ioredis renews them after every reconnect.
 */
export function createRedisClients(url: string): { publisher: QuietRedis; subscriber: QuietRedis } {
  return {
    publisher: new QuietRedis(url, { enableOfflineQueue: false, connectionName: 'mmcc-publisher' }),
    subscriber: new QuietRedis(url, {
      maxRetriesPerRequest: null,
      connectionName: 'mmcc-subscriber',
    }),
  };
}
