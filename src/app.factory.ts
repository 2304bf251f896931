import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { createLogger } from './logger.js';
import type { Settings } from './settings/settings.js';

/** Builds the whole application from its settings; used by main.ts and by the e2e tests alike. */
export async function createApp(settings: Settings): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(settings), {
    logger: createLogger(settings),
    abortOnError: false,
  });
  return app;
}
