import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import {
  checkCallbacks,
  type ConfigProblem,
  isPlainObject,
  type JsonObject,
  ProcessConfigError,
} from '../engine/index.js';
import { loadCallbacksModule } from './callbacks-loader.js';
import {
  type FolderOptions,
  isPythonFile,
  loadPythonParts,
} from '../callbacks/python/python-process.js';
import type { LoadedProcess, ProcessFiles } from './loaded-process.js';
import { loadNlu } from '../nlu/nlu-settings.js';
import { parseProcessSource, withElementNames } from './process-source.js';

/** Names each file may have: ours first, then the reference's, which load unchanged, then a drawing. */
const FILE_NAMES = {
  process: ['process.json', 'my_process.json', 'process.bpmn'],
  kb: ['kb.json', 'my_kb.json'],
  callbacks: ['callbacks.ts', 'callbacks.js', 'callbacks.py', 'my_callbacks.py'],
  nlu: ['nlu.json'],
} as const;

/** Whether a folder holds a process (a process.json, my_process.json or process.bpmn). */
export const holdsProcess = (folder: string): boolean =>
  FILE_NAMES.process.some((name) => existsSync(join(folder, name)));

/** Loads and validates one process folder; throws a ProcessConfigError naming the file and the fix. */
export async function loadProcessFolder(
  folder: string,
  name: string,
  options: FolderOptions = {},
): Promise<LoadedProcess> {
  const files = findFiles(folder);
  const sources = await Promise.all(
    [files.process, files.kb, files.callbacks, files.nlu].map((f) =>
      f === undefined ? '' : readFile(f, 'utf8'),
    ),
  );
  const [processSource, kbSource, , nluSource] = sources;
  const source = await parseProcessSource(processSource, files.process, parseJson);
  const { definition } = source;
  const kb = files.kb === undefined ? {} : parseJson(kbSource, files.kb);
  if (!isPlainObject(kb)) {
    fail({
      file: files.kb!,
      problem: 'the knowledge base is not a JSON object',
      fix: 'write an object of phrases and facts, e.g. {"end": "Process completed!"}',
    });
  }
  const exported = isPythonFile(files.callbacks)
    ? undefined
    : await importCallbacks(files.callbacks);
  const python = await loadPythonParts(definition, files, options).catch((error: unknown) =>
    withElementNames(source, () => {
      throw error;
    }),
  );
  const nlu =
    python?.nlu ??
    (await loadNlu(
      files.nlu === undefined ? undefined : parseJson(nluSource, files.nlu),
      files.nlu,
      files.folder,
    ).catch(async (error: unknown) => {
      await python?.close();
      throw error;
    }));
  const { callbacks, warnings } =
    python ?? withElementNames(source, () => checkCallbacks(definition, exported, files.callbacks));
  return {
    name,
    version: createHash('sha256')
      .update([...sources, ...nlu.sources].join('\0'))
      .digest('hex')
      .slice(0, 16),
    definition,
    callbacks,
    nlu: nlu.adapter,
    nluSummary: nlu.summary,
    // The phrases a drawing carries are the defaults; kb.json has the last word.
    kb: { ...source.phrases, ...(kb as JsonObject) },
    names: source.names,
    ...(source.bpmn === undefined ? {} : { bpmn: source.bpmn }),
    files,
    warnings: [...definition.warnings, ...warnings, ...nlu.warnings],
    ...(python === undefined ? {} : { close: python.close }),
  };
}

/** How a path appears in messages: relative to the working directory when inside it, else absolute. */
const shown = (path: string): string => {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel;
};

function findFiles(folder: string): ProcessFiles {
  const where = shown(folder);
  const pick = (kind: keyof typeof FILE_NAMES, required: boolean): string | undefined => {
    const present = FILE_NAMES[kind].filter((n) => existsSync(join(folder, n)));
    if (present.length > 1) {
      fail({
        file: join(where, present[1]),
        problem: `both ${present.join(' and ')} exist`,
        fix: `keep one of them`,
      });
    }
    if (present.length === 0 && required) {
      fail({
        file: join(where, FILE_NAMES[kind][0]),
        problem: 'the file is missing',
        fix: `add ${FILE_NAMES[kind].join(' or ')} to ${where}`,
      });
    }
    return present.length === 0 ? undefined : join(where, present[0]);
  };
  return {
    folder: where,
    process: pick('process', true)!,
    kb: pick('kb', false),
    callbacks: pick('callbacks', true)!,
    nlu: pick('nlu', false),
  };
}

function parseJson(source: string, file: string): unknown {
  try {
    return JSON.parse(source);
  } catch (error) {
    return fail({
      file,
      problem: `the file is not valid JSON (${(error as Error).message})`,
      fix: 'correct the JSON syntax',
    });
  }
}

async function importCallbacks(file: string): Promise<unknown> {
  try {
    return await loadCallbacksModule(resolve(file));
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return fail({
      file,
      problem: `the callbacks could not be loaded (${message})`,
      fix: 'correct the error in the file',
    });
  }
}

function fail(problem: ConfigProblem): never {
  throw new ProcessConfigError([problem]);
}
