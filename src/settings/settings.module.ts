import { type DynamicModule, Module } from '@nestjs/common';
import { Settings } from './settings.js';

/** Provides the validated settings everywhere; main.ts (or a test) reads them once and passes them in. */
@Module({})
export class SettingsModule {
  static forRoot(settings: Settings): DynamicModule {
    return {
      module: SettingsModule,
      global: true,
      providers: [{ provide: Settings, useValue: settings }],
      exports: [Settings],
    };
  }
}
