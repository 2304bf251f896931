import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';

// Value imports of 'mmcc-backend' in callbacks resolve to the project's public API module.
const publicApi = fileURLToPath(
  new URL(`../public-api${extname(fileURLToPath(import.meta.url))}`, import.meta.url),
);

/**
 * Loads an author's callbacks.ts or callbacks.js as it is on disk now (TypeScript is transpiled on the
 * fly). Returns the default export, or the module itself for a CommonJS `module.exports = {...}`.
 * Always transpiled: a .js file under a `"type": "module"` package.json would otherwise be imported
 * natively, and Node keeps a native module for good (an edited file would never load again). The files
 * it imports are another matter: the ProcessEngine loads each version from a folder of its own.
 */
export async function loadCallbacksModule(file: string): Promise<unknown> {
  const jiti = createJiti(import.meta.url, {
    moduleCache: false,
    fsCache: false,
    interopDefault: true,
    alias: { 'mmcc-backend': publicApi },
  });
  const exported = await jiti.evalModule(await readFile(file, 'utf8'), {
    filename: file,
    async: true,
    forceTranspile: true,
  });
  return (exported as { default?: unknown } | null)?.default ?? exported;
}
