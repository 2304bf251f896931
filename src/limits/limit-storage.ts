import { Injectable } from '@nestjs/common';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { type ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { RedisLink } from '../redis/redis-link.service.js';

/**
 * Where the rate-limit counters live: @nestjs/throttler's storage, in this server's memory, or in Redis when
 * REDIS_URL is set, so that a limit holds across every server. While Redis is unreachable the counters fall
 * back to memory (limits then hold per server) rather than refusing or stalling every request.
 */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

@Injectable()
export class LimitStorage implements ThrottlerStorage {
  private readonly shared?: ThrottlerStorageRedisService;

  constructor(
    private readonly local: ThrottlerStorageService,
    private readonly link: RedisLink,
  ) {
    const client = link.commands();
    if (client !== undefined) this.shared = new ThrottlerStorageRedisService(client);
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    if (this.shared !== undefined && this.link.connected) {
      try {
        return await this.shared.increment(key, ttl, limit, blockDuration, throttlerName);
      } catch {
        // RedisLink logs the outage once; this request is counted here instead.
      }
    }
    return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
  }
}
