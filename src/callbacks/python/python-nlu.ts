import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ProcessConfigError } from '../../engine/index.js';
import { KeysNluAdapter } from '../../nlu/keys-nlu.adapter.js';
import { type LoadedNlu, loadNlu } from '../../nlu/nlu-settings.js';
import { RasaNluAdapter } from '../../nlu/rasa-nlu.adapter.js';
import type { WorkerReady } from './python-worker.js';

/** Where the original's projects keep Rasa's training data, relative to the process folder. */
const TRAINING_FILES = [
  'nlu.yml',
  'nlu.yaml',
  'nlu.md',
  'data/nlu.yml',
  'data/nlu.yaml',
  'data/nlu.md',
];

/**
 * The NLU that a callbacks file's `nluAdapter` asks for, chosen as the original did: NoNluAdapter(keys) is the
 * keys adapter; RasaNlu() is the Rasa server at its URL when one answers, else, when the folder holds Rasa
 * training data, the built-in NLU trained from it. No `nluAdapter`: the keys adapter with the key "text".
 */
export async function nluOfPython(
  nlu: WorkerReady['nlu'],
  file: string,
  folder: string,
): Promise<LoadedNlu> {
  const keys = (list: readonly string[], why: string): LoadedNlu => ({
    adapter: new KeysNluAdapter(list),
    sources: [],
    summary: `keys (${list.join(', ')}), ${why}`,
    warnings: [],
  });
  if (nlu === null) return keys(['text'], 'as the callbacks export no nluAdapter');
  if (nlu.kind === 'keys' && Array.isArray(nlu.keys) && nlu.keys.every(isName))
    return keys(nlu.keys as string[], 'from nluAdapter = NoNluAdapter');
  if (nlu.kind === 'rasa' && typeof nlu.url === 'string') {
    const url = nlu.url;
    if (await answers(url))
      return rasa(url, `rasa at ${url} (nluAdapter = RasaNlu; it answered at boot)`, []);
    const data = TRAINING_FILES.find((name) => existsSync(join(folder, name)));
    if (data !== undefined) {
      const built = await loadNlu({ adapter: 'builtin', data }, join(folder, data), folder);
      return {
        ...built,
        summary: `${built.summary}, from ${data}, as nluAdapter = RasaNlu and no Rasa answered at ${url}`,
      };
    }
    return rasa(url, `rasa at ${url} (nluAdapter = RasaNlu)`, [
      `${file}: nluAdapter is RasaNlu, no Rasa answers at ${url} and the folder has no nlu.yml: ` +
        'text turns fail with NLU_FAILED until Rasa runs (or add nlu.yml for the built-in NLU)',
    ]);
  }
  throw new ProcessConfigError([
    {
      file,
      problem: `nluAdapter is ${String(nlu.type ?? nlu.kind)}, which this server cannot run`,
      fix: 'use NoNluAdapter([...keys]) or RasaNlu(), or remove nluAdapter and add an nlu.json',
    },
  ]);
}

const isName = (key: unknown): boolean => typeof key === 'string' && key.length > 0;

const rasa = (url: string, summary: string, warnings: string[]): LoadedNlu => ({
  adapter: new RasaNluAdapter({ url, timeoutMs: 3000 }),
  sources: [],
  summary,
  warnings,
});

/** Whether a Rasa server answers at the URL within a second. */
async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(new URL('/', url), { signal: AbortSignal.timeout(1000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}
