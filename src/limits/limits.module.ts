import { Global, Module } from '@nestjs/common';
import { OriginPolicy } from './origin-policy.js';
import { RateLimitGuard } from './rate-limit.guard.js';
import { RateLimitService } from './rate-limit.service.js';

@Global()
@Module({
  providers: [RateLimitService, RateLimitGuard, OriginPolicy],
  exports: [RateLimitService, RateLimitGuard, OriginPolicy],
})
export class LimitsModule {}
