import { Logger } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { ProcessConfigError } from './engine/index.js';
import { loadSettings, SettingsError } from './settings/settings.js';

async function bootstrap(): Promise<void> {
  const settings = loadSettings();
  const app = await createApp(settings);
  await app.listen(settings.PORT, settings.HOST);
  Logger.log(`mmcc-backend listening on ${await app.getUrl()}`, 'Bootstrap');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      Logger.log(`${signal} received: closing`, 'Bootstrap');
      // Stop accepting connections, then app.close(): turns in flight finish (InteractionsService),
      // sockets close, the database pool closes. Then leave with success.
      app.getHttpServer().close();
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          Logger.error(`shutdown failed: ${String(error)}`, 'Bootstrap');
          process.exit(1);
        },
      );
    });
  }
}

/** How long the log worker (pino's transport thread) may take to print the lines logged before a failure. */
const LOG_DRAIN_MS = 200;

bootstrap().catch((error: unknown) => {
  // Configuration mistakes are the author's to fix: say what and where, without a stack trace. Printed after the
  // log lines still on their way, so the reason is the last line of a failed boot.
  const known = error instanceof ProcessConfigError || error instanceof SettingsError;
  setTimeout(() => {
    console.error(
      `mmcc-backend did not start: ${known ? (error as Error).message : error instanceof Error ? error.stack : String(error)}`,
    );
    process.exit(1);
  }, LOG_DRAIN_MS);
});
