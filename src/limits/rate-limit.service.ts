import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { Settings } from '../settings/settings.js';
import { LimitStorage } from './limit-storage.js';

/** Too many messages or connections: the client should wait `retryAfterSeconds`. */
export class RateLimitedError extends AppError {
  readonly code = 'RATE_LIMITED';
  override readonly retryable = true;
  constructor(
    what: string,
    override readonly retryAfterSeconds: number,
  ) {
    super(`too many ${what}; try again in ${retryAfterSeconds} s`);
  }
}

const MINUTE_MS = 60_000;

/**
 * The admission limits of every transport, per uid and per IP address, per minute: counted in @nestjs/throttler's
 * storage (LimitStorage), so that with Redis they hold across servers. A key over its limit is refused until
 * its minute is over. A limit of 0 is no limit.
 */
@Injectable()
export class RateLimitService {
  constructor(
    private readonly settings: Settings,
    private readonly storage: LimitStorage,
  ) {}

  /** One message; throws RateLimitedError when the uid or the address is over its limit. */
  async admitMessage(uid: string, ip: string): Promise<void> {
    const { RATE_LIMIT_MESSAGES_PER_IP: perIp, RATE_LIMIT_MESSAGES_PER_UID: perUid } =
      this.settings;
    await this.consume('messages-ip', ip, perIp, 'messages from this address');
    await this.consume('messages-uid', uid, perUid, 'messages from this user');
  }

  /** One new connection or interaction (the uid may not be known yet). */
  async admitConnection(uid: string | undefined, ip: string): Promise<void> {
    const { RATE_LIMIT_CONNECTIONS_PER_IP: perIp, RATE_LIMIT_CONNECTIONS_PER_UID: perUid } =
      this.settings;
    await this.consume('connections-ip', ip, perIp, 'new connections from this address');
    if (uid !== undefined)
      await this.consume('connections-uid', uid, perUid, 'new connections for this user');
  }

  private async consume(name: string, key: string, limit: number, what: string): Promise<void> {
    if (limit <= 0) return;
    // The storage keys its counters by key alone: the limit's name is part of it.
    const record = await this.storage.increment(
      `${name}:${key}`,
      MINUTE_MS,
      limit,
      MINUTE_MS,
      name,
    );
    if (record.isBlocked) throw new RateLimitedError(what, Math.max(1, record.timeToBlockExpire));
  }
}
