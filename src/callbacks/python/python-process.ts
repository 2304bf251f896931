import { resolve } from 'node:path';
import type { Callbacks, ProcessDefinition } from '../../engine/index.js';
import type { LoadedNlu } from '../../nlu/nlu-settings.js';
import { DEFAULT_PYTHON, loadPythonCallbacks, type PythonOptions } from './python-callbacks.js';
import { nluOfPython } from './python-nlu.js';

/** How a process folder is loaded beyond its files: the server's settings for Python callbacks. */
export interface FolderOptions {
  readonly python?: PythonOptions;
}

/** What a Python callbacks file gives a process: its callbacks, the NLU its nluAdapter asks for, its workers. */
export interface PythonParts {
  readonly callbacks: Callbacks;
  readonly warnings: readonly string[];
  /** Undefined when the folder has an nlu.json, which then decides. */
  readonly nlu?: LoadedNlu;
  /** Ends the workers (after the turns they are running). */
  readonly close: () => Promise<void>;
}

export const isPythonFile = (file: string): boolean => file.endsWith('.py');

/** Loads the Python side of a process whose callbacks are callbacks.py or my_callbacks.py; undefined otherwise. */
export async function loadPythonParts(
  definition: ProcessDefinition,
  files: { readonly folder: string; readonly callbacks: string; readonly nlu?: string },
  options: FolderOptions,
): Promise<PythonParts | undefined> {
  if (!isPythonFile(files.callbacks)) return undefined;
  const { callbacks, ready, pool } = await loadPythonCallbacks(
    definition,
    files.callbacks,
    resolve(files.callbacks),
    options.python ?? DEFAULT_PYTHON,
  );
  const close = () => pool.close();
  if (files.nlu !== undefined) {
    const warnings =
      ready.nlu === null
        ? []
        : [`${files.callbacks}: ${files.nlu} decides the NLU, so its nluAdapter is not used`];
    return { callbacks, warnings, close };
  }
  try {
    const nlu = await nluOfPython(ready.nlu, files.callbacks, files.folder);
    return { callbacks, warnings: [], nlu, close };
  } catch (error) {
    await close();
    throw error;
  }
}
