import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { createLogger } from './logger.js';
import type { Settings } from './settings/settings.js';

/** Builds the whole application from its settings; used by main.ts and by the e2e tests alike. */
export async function createApp(settings: Settings): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(settings), {
    logger: createLogger(settings),
    abortOnError: false,
    bodyParser: false,
  });
  app.useBodyParser('json', { limit: settings.MAX_BODY_BYTES });
  app.useBodyParser('urlencoded', { limit: settings.MAX_BODY_BYTES, extended: false });
  return app;
}
