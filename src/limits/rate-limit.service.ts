import { Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { Settings } from '../settings/settings.js';

/** Too many messages or connections: the client should wait `retryAfterSeconds`. */
export class RateLimitedError extends Error {
  readonly code = 'RATE_LIMITED';
  readonly retryable = true;
  constructor(
    what: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`too many ${what}; try again in ${retryAfterSeconds} s`);
    this.name = 'RateLimitedError';
  }
}

const perMinute = (points: number): RateLimiterMemory | undefined =>
  points > 0 ? new RateLimiterMemory({ points, duration: 60 }) : undefined;

/** The rate limits of every transport, per uid and per IP address, in one place. */
@Injectable()
export class RateLimitService {
  private readonly messagesPerUid: RateLimiterMemory | undefined;
  private readonly messagesPerIp: RateLimiterMemory | undefined;
  private readonly connectionsPerUid: RateLimiterMemory | undefined;
  private readonly connectionsPerIp: RateLimiterMemory | undefined;

  constructor(settings: Settings) {
    this.messagesPerUid = perMinute(settings.RATE_LIMIT_MESSAGES_PER_UID);
    this.messagesPerIp = perMinute(settings.RATE_LIMIT_MESSAGES_PER_IP);
    this.connectionsPerUid = perMinute(settings.RATE_LIMIT_CONNECTIONS_PER_UID);
    this.connectionsPerIp = perMinute(settings.RATE_LIMIT_CONNECTIONS_PER_IP);
  }

  /** One message; throws RateLimitedError when the uid or the address is over its limit. */
  async admitMessage(uid: string, ip: string): Promise<void> {
    await consume(this.messagesPerIp, ip, 'messages from this address');
    await consume(this.messagesPerUid, uid, 'messages from this user');
  }

  /** One new connection or interaction (the uid may not be known yet). */
  async admitConnection(uid: string | undefined, ip: string): Promise<void> {
    await consume(this.connectionsPerIp, ip, 'new connections from this address');
    if (uid !== undefined)
      await consume(this.connectionsPerUid, uid, 'new connections for this user');
  }
}

async function consume(
  limiter: RateLimiterMemory | undefined,
  key: string,
  what: string,
): Promise<void> {
  if (limiter === undefined) return;
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes)
      throw new RateLimitedError(what, Math.ceil(rejection.msBeforeNext / 1000));
    throw rejection;
  }
}
