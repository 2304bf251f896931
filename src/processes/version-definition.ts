import { isPlainObject, type JsonObject, type ProcessDefinition } from '../engine/index.js';
import type { ProcessSnapshot } from './process-snapshot.js';
import { parseProcessSource } from './process-source.js';

const PROCESS_FILES = ['process.json', 'my_process.json', 'process.bpmn'];
const KB_FILES = ['kb.json', 'my_kb.json'];

/** A version's process definition and kb, read from its stored files without loading its code or NLU. */
export async function readDefinition(
  snapshot: ProcessSnapshot,
): Promise<{ definition: ProcessDefinition; kb: JsonObject }> {
  const text = (name: string) => {
    const content = snapshot.files[snapshot.folder === '.' ? name : `${snapshot.folder}/${name}`];
    return content === undefined ? undefined : Buffer.from(content, 'base64').toString('utf8');
  };
  const file = PROCESS_FILES.find((name) => text(name) !== undefined);
  if (file === undefined) throw new Error(`version ${snapshot.hash} holds no process file`);
  const source = await parseProcessSource(text(file)!, file, (json) => JSON.parse(json));
  const kbFile = KB_FILES.find((name) => text(name) !== undefined);
  const kb: unknown = kbFile === undefined ? {} : JSON.parse(text(kbFile)!);
  return {
    definition: source.definition,
    kb: { ...source.phrases, ...(isPlainObject(kb) ? kb : {}) },
  };
}
