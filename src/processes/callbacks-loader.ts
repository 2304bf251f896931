import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';

// Value imports of 'mmcc-backend' in callbacks resolve to the project's public API module.
const publicApi = fileURLToPath(
  new URL(`../public-api${extname(fileURLToPath(import.meta.url))}`, import.meta.url),
);

/**
 * Loads an author's callbacks.ts or callbacks.js as it is on disk now (TypeScript is transpiled on the
 * fly, so editing the file and restarting is the only step). Returns the default export, or the
 * module itself for a CommonJS `module.exports = {...}`.
 */
export async function loadCallbacksModule(file: string): Promise<unknown> {
  const jiti = createJiti(import.meta.url, {
    moduleCache: false,
    fsCache: false,
    interopDefault: true,
    alias: { 'mmcc-backend': publicApi },
  });
  return jiti.import(file, { default: true });
}
