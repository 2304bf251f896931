import { LimitsModule } from './limits/limits.module.js';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AdminModule } from './admin/admin.module.js';
import { AuthModule } from './auth/auth.module.js';
import { LoggingModule } from './logger.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { AllExceptionsFilter } from './transports/rest/all-exceptions.filter.js';
import { HealthModule } from './health/health.module.js';
import { ConversationModule } from './conversation/conversation.module.js';
import { InteractionsModule } from './interactions/interactions.module.js';
import { PersistenceModule } from './persistence/persistence.module.js';
import { ProcessesModule } from './processes/processes.module.js';
import { RedisModule } from './redis/redis.module.js';
import { SettingsModule } from './settings/settings.module.js';
import { TransportsModule } from './transports/transports.module.js';
import type { Settings } from './settings/settings.js';

@Module({})
export class AppModule {
  static forRoot(settings: Settings): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SettingsModule.forRoot(settings),
        LoggingModule,
        AuthModule,
        MetricsModule,
        LimitsModule,
        PersistenceModule,
        ProcessesModule,
        InteractionsModule,
        ConversationModule,
        RedisModule,
        TransportsModule,
        AdminModule,
        HealthModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
