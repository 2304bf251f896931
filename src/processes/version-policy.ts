import { isPlainObject, ProcessConfigError } from '../engine/index.js';
import type { ProcessSnapshot } from './process-snapshot.js';

/** What happens to live interactions when a new version is published: they stay, or they move if they can. */
export type VersionPolicy = 'drain' | 'migrate';

/** The file of a process folder that holds its settings (optional). */
export const SETTINGS_FILE = 'process.settings.json';

/**
 * The policy a version's process.settings.json names (`{"versionPolicy": "migrate"}`), `fallback` without
 * one: `drain`, or `migrate` under `npm run dev` (an author's own test conversation follows each edit).
 * A file that says something else is refused like any broken config, naming `folder`.
 */
export function policyOf(
  snapshot: ProcessSnapshot,
  folder: string,
  fallback: VersionPolicy = 'drain',
): VersionPolicy {
  const content =
    snapshot.files[snapshot.folder === '.' ? SETTINGS_FILE : `${snapshot.folder}/${SETTINGS_FILE}`];
  if (content === undefined) return fallback;
  const file = `${folder}/${SETTINGS_FILE}`;
  let settings: unknown;
  try {
    settings = JSON.parse(Buffer.from(content, 'base64').toString('utf8'));
  } catch (error) {
    throw refusal(file, `the file is not valid JSON (${(error as Error).message})`);
  }
  if (!isPlainObject(settings)) throw refusal(file, 'the file is not a JSON object');
  const unknown = Object.keys(settings).filter((k) => k !== 'versionPolicy');
  if (unknown.length > 0) throw refusal(file, `it has unknown settings (${unknown.join(', ')})`);
  const policy = settings.versionPolicy ?? fallback;
  if (policy !== 'drain' && policy !== 'migrate')
    throw refusal(file, `"versionPolicy" is ${JSON.stringify(policy)}`);
  return policy;
}

const refusal = (file: string, problem: string) =>
  new ProcessConfigError([
    {
      file,
      problem,
      fix: 'write {"versionPolicy": "drain"} (live interactions stay on their version, the default) or {"versionPolicy": "migrate"} (they move to a new version when they can)',
    },
  ]);
