import { type DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from './health/health.module.js';
import { ProcessesModule } from './processes/processes.module.js';
import { SettingsModule } from './settings/settings.module.js';
import type { Settings } from './settings/settings.js';

@Module({})
export class AppModule {
  static forRoot(settings: Settings): DynamicModule {
    return {
      module: AppModule,
      imports: [SettingsModule.forRoot(settings), ProcessesModule, HealthModule],
    };
  }
}
