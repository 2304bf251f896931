import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ProcessSnapshot } from './process-snapshot.js';

/**
 * Writes a version's files into its own folder of the cache (VERSIONS_CACHE_DIR/<process>/<hash>, laid out
 * as the config folder was), once: a version is immutable, so its folder is too, and Node's module cache
 * (keyed by path) can never hand one version's code to another. The folder appears whole or not at all
 * (written aside, then renamed). Answers the version's folder and, in it, the process's.
 */
export async function versionFolder(
  cacheDir: string,
  name: string,
  snapshot: ProcessSnapshot,
): Promise<{ root: string; folder: string }> {
  const folder = resolve(cacheDir, name, snapshot.hash);
  const result = { root: folder, folder: join(folder, snapshot.folder) };
  if (existsSync(folder)) return result;
  const draft = `${folder}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    for (const [path, content] of Object.entries(snapshot.files)) {
      await mkdir(dirname(join(draft, path)), { recursive: true });
      await writeFile(join(draft, path), Buffer.from(content, 'base64'));
    }
    // A .js file loads here as it did in its own folder.
    if (snapshot.files['package.json'] === undefined) {
      await mkdir(draft, { recursive: true });
      await writeFile(join(draft, 'package.json'), JSON.stringify({ type: snapshot.moduleType }));
    }
    await rename(draft, folder).catch((error: NodeJS.ErrnoException) => {
      // Another server (or load) of this cache wrote the same version first: the same files.
      if (!existsSync(folder)) throw error;
    });
  } finally {
    await rm(draft, { recursive: true, force: true });
  }
  return result;
}
