import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ProcessesModule } from '../processes/processes.module.js';
import { RedisModule } from '../redis/redis.module.js';
import { DatabaseHealthIndicator } from './database.health.js';
import { HealthController } from './health.controller.js';
import { RedisHealthIndicator } from './redis.health.js';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), ProcessesModule, RedisModule],
  controllers: [HealthController],
  providers: [DatabaseHealthIndicator, RedisHealthIndicator],
})
export class HealthModule {}
