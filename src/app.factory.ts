import 'reflect-metadata';
import type { NextFunction, Request, Response } from 'express';
import { OriginPolicy } from './limits/origin-policy.js';
import { randomBytes } from 'node:crypto';
import cookieParser from 'cookie-parser';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { Settings } from './settings/settings.js';
import { AppIoAdapter } from './transports/socket-io/app-io.adapter.js';

/** Builds the whole application from its settings; used by main.ts and by the e2e tests alike. */
export async function createApp(settings: Settings): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(settings), {
    bufferLogs: true,
    abortOnError: false,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: settings.MAX_BODY_BYTES });
  app.useBodyParser('urlencoded', { limit: settings.MAX_BODY_BYTES, extended: false });
  app.use(cookieParser(settings.SESSION_SECRET ?? randomBytes(32).toString('hex')));
  const origins = app.get(OriginPolicy);
  app.enableCors({ origin: origins.origins ?? true, credentials: true });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (origins.allows(request.headers.origin)) return next();
    response.status(403).json({
      statusCode: 403,
      code: 'FORBIDDEN',
      message: `the origin ${request.headers.origin} is not allowed (CORS_ORIGINS)`,
      retryable: false,
    });
  });
  app.useWebSocketAdapter(new AppIoAdapter(app, settings, origins));
  const openApi = new DocumentBuilder()
    .setTitle('mmcc-backend')
    .setDescription(
      'Process-driven multimodal chatbots: the HTTP API (socket.io and WebSocket are in docs/protocol.md)',
    )
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi), {
    jsonDocumentUrl: 'docs/json',
  });
  return app;
}
