import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestExpressApplication } from '@nestjs/platform-express';

/** The project's root, from src/transports or dist/transports alike. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The widgets' own browser bundles, as their npm packages publish them, for the playground's widget pages (and
 * for sites that would rather load them from this server than from a CDN). They are checked in under vendor/
 * (vendor/README.md: versions, licences, the tarballs' integrity; `npm run vendor:update`), since installing the
 * packages brings about 550 MB of their own build tooling to copy two files.
 */
const BUNDLES: Record<string, string> = {
  '/vendor/rasa-webchat/index.js': 'rasa-webchat/index.js',
  '/vendor/botframework-webchat/webchat.js': 'botframework-webchat/webchat.js',
};

export function serveWidgetBundles(app: NestExpressApplication): void {
  for (const [route, file] of Object.entries(BUNDLES)) {
    const path = join(ROOT, 'vendor', file);
    app.use(route, (_request: unknown, response: { sendFile: (path: string) => void }) =>
      response.sendFile(path),
    );
  }
}
