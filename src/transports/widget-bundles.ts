import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';

/**
 * The widgets' own browser bundles, as their npm packages publish them, for the playground's widget
 * pages (and for sites that would rather load them from this server than from a CDN). One file each:
 * their folders also hold build statistics of over 100 MB that nobody needs to download.
 */
const BUNDLES: Record<string, [pkg: string, file: string]> = {
  '/vendor/rasa-webchat/index.js': ['rasa-webchat', 'lib/index.js'],
  '/vendor/botframework-webchat/webchat.js': ['botframework-webchat', 'dist/webchat.js'],
};

export function serveWidgetBundles(app: NestExpressApplication): void {
  const require = createRequire(import.meta.url);
  for (const [route, [pkg, file]] of Object.entries(BUNDLES)) {
    // The package's folder from its entry point (its exports hide package.json and dist/).
    const entry = require.resolve(pkg);
    const folder = entry.slice(
      0,
      entry.lastIndexOf(`node_modules/${pkg}/`) + `node_modules/${pkg}/`.length,
    );
    const path = join(folder, file);
    app.use(route, (_request: unknown, response: { sendFile: (path: string) => void }) =>
      response.sendFile(path),
    );
  }
}
