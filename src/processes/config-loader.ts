import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { type ConfigProblem, ProcessConfigError } from '../engine/index.js';
import type { LoadedProcess } from './loaded-process.js';
import type { FolderOptions } from '../callbacks/python/python-process.js';
import { holdsProcess, loadProcessFolder } from './process-folder.js';

/**
 * Loads every process of a config folder: each sub-folder holding a process.json (or a process.bpmn)
 * is one process named after the folder. A config folder that itself holds a process file (the reference's single-folder
 * layout) is one process named after it. Problems of all processes are reported together.
 */
export async function loadConfigDir(
  configDir: string,
  options: FolderOptions = {},
): Promise<Map<string, LoadedProcess>> {
  const root = resolve(configDir);
  if (!existsSync(root)) {
    throw new ProcessConfigError([
      {
        file: configDir,
        problem: 'the config folder does not exist',
        fix: 'create it, or set CONFIG_DIR to the folder that holds your processes',
      },
    ]);
  }
  const entries = await readdir(root, { withFileTypes: true });
  const folders = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && holdsProcess(join(root, e.name)))
    .map((e) => ({ folder: join(root, e.name), name: e.name }));
  if (holdsProcess(root)) folders.push({ folder: root, name: basename(root) });
  if (folders.length === 0) {
    throw new ProcessConfigError([
      {
        file: configDir,
        problem: 'no process found',
        fix: 'add a folder with a process.json (or process.bpmn), kb.json and callbacks.ts (see the README)',
      },
    ]);
  }

  const problems: ConfigProblem[] = [];
  const processes = new Map<string, LoadedProcess>();
  for (const { folder, name } of folders.sort((a, b) => a.name.localeCompare(b.name))) {
    try {
      processes.set(name, await loadProcessFolder(folder, name, options));
    } catch (error) {
      if (!(error instanceof ProcessConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) {
    // Nothing of a refused config stays running.
    await Promise.all([...processes.values()].map((p) => p.close?.()));
    throw new ProcessConfigError(problems);
  }
  return processes;
}
