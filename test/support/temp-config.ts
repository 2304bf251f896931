import { ProcessConfigError } from '../../src/engine/index.js';
import { loadConfigDir } from '../../src/processes/config-loader.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A config folder in the temp directory, made of the given files (path → content; objects are written as JSON). */
export function tempConfig(files: Record<string, unknown>): {
  dir: string;
  write: (path: string, content: unknown) => void;
  remove: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'mmcc-config-'));
  const write = (path: string, content: unknown) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(
      join(dir, path),
      typeof content === 'string' ? content : JSON.stringify(content, null, 2),
    );
  };
  for (const [path, content] of Object.entries(files)) write(path, content);
  return { dir, write, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A small valid process folder's files: start → ask → end. */
export const smallProcess = (
  folder: string,
  callbacks = SMALL_CALLBACKS_TS,
): Record<string, unknown> => ({
  [`${folder}/process.json`]: {
    activities: [
      { my_id: 'start', next_id: 'ask', my_type: 'START' },
      { my_id: 'ask', next_id: 'end', my_type: 'TASK' },
      { my_id: 'end', next_id: null, my_type: 'END' },
    ],
    first_activity_id: 'start',
  },
  [`${folder}/kb.json`]: { ask: 'Ask me', end: 'Bye' },
  [`${folder}/callbacks.ts`]: callbacks,
});

export const SMALL_CALLBACKS_TS = `import type { Callbacks } from 'mmcc-backend';
const callbacks: Callbacks = {
  start: () => ({ complete: true, utterance: 'v1' }),
  ask: (data) => ({ complete: true, utterance: 'you said ' + String(data.text) }),
};
export default callbacks;
`;

/** Loads a config folder made of these files, expecting it to be refused; the message, with the folder as <dir>. */
export async function configProblemOf(files: Record<string, unknown>): Promise<string> {
  const config = tempConfig(files);
  try {
    const error = await loadConfigDir(config.dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProcessConfigError);
    return (error as Error).message.replaceAll(config.dir, '<dir>');
  } finally {
    config.remove();
  }
}
