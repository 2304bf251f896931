import { Global, Module } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { RedisModule } from '../redis/redis.module.js';
import { ClientAddress } from './client-address.js';
import { LimitStorage } from './limit-storage.js';
import { OriginPolicy } from './origin-policy.js';
import { RateLimitService } from './rate-limit.service.js';

/** Who may come in: the browser origins, the client's address behind proxies, and the admission limits. */
@Global()
@Module({
  imports: [RedisModule],
  providers: [ThrottlerStorageService, LimitStorage, RateLimitService, OriginPolicy, ClientAddress],
  exports: [RateLimitService, OriginPolicy, ClientAddress],
})
export class LimitsModule {}
