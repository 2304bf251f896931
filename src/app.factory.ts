import 'reflect-metadata';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import cookieParser from 'cookie-parser';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { NestFactory } from '@nestjs/core';
import type { Settings } from './settings/settings.js';
import { AppIoAdapter } from './transports/socket-io/app-io.adapter.js';
import { AppModule } from './app.module.js';
import { OriginPolicy } from './limits/origin-policy.js';
import { ClientAddress } from './limits/client-address.js';
import { ConversationPipeline } from './conversation/conversation.pipeline.js';
import { httpBody } from './common/client-errors.js';
import { FrameworkLogger } from './common/framework-logger.js';
import { refuseJsonWithoutContentType } from './common/json-content-type.js';
import { RedisLink } from './redis/redis-link.service.js';
import { serveWidgetBundles } from './transports/widget-bundles.js';
import { UpgradeRouter } from './transports/upgrades/upgrade-router.js';

/** Builds the whole application from its settings; used by main.ts and by the e2e tests alike. */
export async function createApp(settings: Settings): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(settings), {
    bufferLogs: true,
    abortOnError: false,
    bodyParser: false,
  });
  app.useLogger(new FrameworkLogger(app.get(Logger)));
  // Not strict: a JSON string or number reaches the pipeline, which says what a message must be.
  app.useBodyParser('json', { limit: settings.MAX_BODY_BYTES, strict: false });
  app.useBodyParser('urlencoded', { limit: settings.MAX_BODY_BYTES, extended: false });
  app.use(refuseJsonWithoutContentType);
  app.use(cookieParser(settings.SESSION_SECRET ?? randomBytes(32).toString('hex')));
  // request.ip, behind the proxies TRUST_PROXY names, is the address ClientAddress finds on every transport.
  app.set('trust proxy', app.get(ClientAddress).trust);
  const pipeline = app.get(ConversationPipeline);
  const origins = app.get(OriginPolicy);
  app.enableCors(origins.cors);
  app.use((request: Request, response: Response, next: NextFunction) => {
    const refused = pipeline.refuseOrigin('rest', request.headers.origin);
    if (refused === undefined) return next();
    response.status(refused.status).json(httpBody(refused));
  });
  app.useWebSocketAdapter(
    new AppIoAdapter(app, settings, pipeline, app.get(UpgradeRouter), app.get(RedisLink).adapter()),
  );
  servePlayground(app);
  // 3.1: the input schemas (common/input-schema.ts) are JSON Schemas, shown as their checks compile them.
  const openApi = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
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

/**
 * The playground page at / (the playground/ folder), with the browser libraries it uses (socket.io, bpmn-js):
 * the build copies just their browser files into dist/vendor/ (nest-cli.json's assets), so that the packages
 * are development dependencies.
 */
function servePlayground(app: NestExpressApplication): void {
  const root = fileURLToPath(new URL('../', import.meta.url));
  app.useStaticAssets(join(root, 'playground'), { index: 'index.html' });
  // The operator's console (console/): signed in with the admin token, which the page keeps in sessionStorage.
  app.useStaticAssets(join(root, 'console'), { prefix: '/console/', index: 'index.html' });
  // The browser modules both pages use (shared/: how an activity's id reads as a diagram label).
  app.useStaticAssets(join(root, 'shared'), { prefix: '/shared/' });
  const vendor = (path: string) => join(root, 'dist', 'vendor', path);
  app.useStaticAssets(vendor('bpmn-js/dist'), { prefix: '/vendor/bpmn-js/' });
  app.useStaticAssets(vendor('socket.io-client/dist'), { prefix: '/vendor/socket.io/' });
  serveWidgetBundles(app);
}
