import type { FolderOptions } from '../callbacks/python/python-process.js';
import { type ConfigProblem, ProcessConfigError } from '../engine/index.js';
import type { LoadedProcess, ProcessFiles } from './loaded-process.js';
import { loadProcessFolder, shown } from './process-folder.js';
import type { ProcessSnapshot } from './process-snapshot.js';
import { versionFolder } from './version-folder.js';

/**
 * Loads one version of a process from its own folder of the cache (see versionFolder): its code is loaded
 * fresh, whatever version ran before. `source` is where the files came from, when they did (the config
 * folder and the process's folder in it): messages and the admin view then name those, not the cache.
 */
export async function loadVersion(
  cacheDir: string,
  name: string,
  snapshot: ProcessSnapshot,
  source?: { root: string; folder: string },
  options: FolderOptions = {},
): Promise<LoadedProcess> {
  const { root, folder } = await versionFolder(cacheDir, name, snapshot);
  const rename = (text: string) =>
    source === undefined
      ? text
      : text
          .replaceAll(shown(folder), shown(source.folder))
          .replaceAll(shown(root), shown(source.root));
  let loaded: LoadedProcess;
  try {
    loaded = await loadProcessFolder(folder, name, options);
  } catch (error) {
    if (!(error instanceof ProcessConfigError)) throw error;
    throw new ProcessConfigError(
      error.problems.map((p): ConfigProblem => ({
        ...p,
        file: rename(p.file),
        problem: rename(p.problem),
        fix: rename(p.fix),
      })),
    );
  }
  const files = Object.fromEntries(
    Object.entries(loaded.files).map(([k, v]) => [k, v === undefined ? v : rename(v)]),
  ) as unknown as ProcessFiles;
  return {
    ...loaded,
    version: snapshot.hash,
    files,
    warnings: loaded.warnings.map(rename),
  };
}
