import { Logger } from '@nestjs/common';
import { type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Server } from 'socket.io';
import { type Erasure, InteractionClosures } from '../../interactions/interaction-closures.js';
import { RedisLink } from '../../redis/redis-link.service.js';

const EVENT = 'mmcc:user-erased';

/** How long an erase waits for the other servers to say they applied it. */
const CONFIRM_MS = 5_000;

const isErasure = (value: unknown): value is Erasure =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Erasure).uid === 'string' &&
  Array.isArray((value as Erasure).interactions) &&
  (value as Erasure).interactions.every((id) => typeof id === 'string');

/**
 * Carries an erasure to the other servers (through the Redis adapter's server-side events) and waits
 * for each to acknowledge it: by then every server's store has forgotten the interactions and its
 * transports have closed their connections of them. Without REDIS_URL there is no other server.
 */
@WebSocketGateway()
export class ErasureRelay implements OnGatewayInit {
  private readonly logger = new Logger(ErasureRelay.name);

  constructor(
    private readonly closures: InteractionClosures,
    private readonly redis: RedisLink,
  ) {}

  afterInit(server: Server): void {
    if (!this.redis.enabled) return;
    server.on(EVENT, (erasure: unknown, ack: unknown) => {
      if (isErasure(erasure)) this.closures.apply(erasure);
      if (typeof ack === 'function') ack(true);
    });
    this.closures.relayWith((erasure) => this.tell(server, erasure));
  }

  private async tell(server: Server, erasure: Erasure): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${CONFIRM_MS} ms`)), CONFIRM_MS);
    });
    try {
      // (the adapter times out a server that does not answer; the timer, a Redis that does not)
      await Promise.race([server.serverSideEmitWithAck(EVENT, erasure), late]);
    } catch (error) {
      // Redis is down or a server did not answer in time: that server may still hold connections
      // and cached copies of the interactions (docs/console.md says so).
      this.logger.warn({
        msg: 'not every server confirmed the erasure',
        uid: erasure.uid,
        error: String(error),
      });
    } finally {
      clearTimeout(timer);
    }
  }
}
