import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestExpressApplication } from '@nestjs/platform-express';

/** The project's root, from src/transports or dist/transports alike. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The widgets' own browser bundles, as their npm packages publish them, for the playground's widget pages (and
 * for sites that would rather load them from this server than from a CDN). The build copies just these two
 * files into dist/vendor/ (nest-cli.json's assets): the packages themselves are development dependencies, since
 * installing them brings about 800 MB of their own build tooling that a server never needs.
 */
const BUNDLES: Record<string, string> = {
  '/vendor/rasa-webchat/index.js': 'rasa-webchat/lib/index.js',
  '/vendor/botframework-webchat/webchat.js': 'botframework-webchat/dist/webchat.js',
};

export function serveWidgetBundles(app: NestExpressApplication): void {
  for (const [route, file] of Object.entries(BUNDLES)) {
    const path = join(ROOT, 'dist', 'vendor', file);
    app.use(route, (_request: unknown, response: { sendFile: (path: string) => void }) =>
      response.sendFile(path),
    );
  }
}
