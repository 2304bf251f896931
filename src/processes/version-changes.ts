import type { Activity } from '../engine/index.js';
import type { VersionDetails } from './version-catalog.js';

/** What changed from one version to the next: activities by id, and files by path. */
export interface VersionChanges {
  readonly activities: { added: string[]; removed: string[]; changed: string[] };
  readonly files: { added: string[]; removed: string[]; changed: string[] };
}

const sameActivity = (a: Activity, b: Activity) =>
  a.type === b.type && a.next === b.next && a.choices.join('\0') === b.choices.join('\0');

/** An activity changed when its type, next activity or choices did, or its kb text. */
export function versionChanges(before: VersionDetails, after: VersionDetails): VersionChanges {
  const old = before.definition.activities;
  const now = after.definition.activities;
  const changed = [...now.keys()].filter((id) => {
    const was = old.get(id);
    return (
      was !== undefined &&
      (!sameActivity(was, now.get(id)!) ||
        JSON.stringify(before.kb[id]) !== JSON.stringify(after.kb[id]))
    );
  });
  const files = (s: VersionDetails) => s.snapshot.files;
  return {
    activities: {
      added: [...now.keys()].filter((id) => !old.has(id)),
      removed: [...old.keys()].filter((id) => !now.has(id)),
      changed,
    },
    files: {
      added: Object.keys(files(after)).filter((p) => files(before)[p] === undefined),
      removed: Object.keys(files(before)).filter((p) => files(after)[p] === undefined),
      changed: Object.keys(files(after)).filter(
        (p) => files(before)[p] !== undefined && files(before)[p] !== files(after)[p],
      ),
    },
  };
}
