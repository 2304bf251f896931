import { LRUCache } from 'lru-cache';
import type { JsonObject, ProcessDefinition } from '../engine/index.js';
import { readDefinition } from './version-definition.js';
import type { LoadedProcess } from './loaded-process.js';
import type { ProcessSnapshot } from './process-snapshot.js';
import type { ProcessVersionStore, StoredVersion } from './process-version-store.js';

/** Older versions kept loaded at once (each holds its code and NLU); others load again when needed. */
const LOADED_VERSIONS = 64;

/** A stored version as comparisons need it. */
export interface VersionDetails {
  readonly snapshot: ProcessSnapshot;
  readonly definition: ProcessDefinition;
  readonly kb: JsonObject;
}

const key = (name: string, hash: string) => `${name}\0${hash}`;

/**
 * The versions this server knows: what the store says of each (its number, when it was published) and the
 * versions loaded to run, so that a pinned interaction loads its version once, not per turn.
 */
export class VersionCatalog {
  private readonly stored = new Map<string, StoredVersion>();
  /** A loaded version, or null for a version the store does not have. */
  private readonly loaded = new LRUCache<string, Promise<LoadedProcess | null>>({
    max: LOADED_VERSIONS,
  });

  /** Versions as stored (files, definition and kb), for comparisons: no code loaded. */
  private readonly details = new LRUCache<string, Promise<VersionDetails | null>>({
    max: LOADED_VERSIONS,
  });

  constructor(
    readonly store: ProcessVersionStore,
    private readonly loadSnapshot: (
      name: string,
      snapshot: ProcessSnapshot,
    ) => Promise<LoadedProcess>,
  ) {}

  /** Stores a loaded process's files as its newest version unless they are already; keeps it loaded. */
  async publish(process: LoadedProcess, snapshot: ProcessSnapshot, by: string) {
    const result = await this.store.publish(process.name, snapshot, by);
    this.remember(result.version);
    this.loaded.set(key(process.name, process.version), Promise.resolve(process));
    return result;
  }

  /** The version of these files, loaded; undefined when the store has no such version. */
  async load(name: string, hash: string): Promise<LoadedProcess | undefined> {
    const k = key(name, hash);
    let loading = this.loaded.get(k);
    if (loading === undefined) {
      loading = this.fetch(name, hash);
      this.loaded.set(k, loading);
      // a failed load (the database away) is tried again next time
      loading.catch(() => this.loaded.delete(k));
    }
    return (await loading) ?? undefined;
  }

  /** The newest version of each process, as the store has it now. */
  async newest(): Promise<StoredVersion[]> {
    const latest = await this.store.latest();
    latest.forEach((v) => this.remember(v));
    return latest;
  }

  /** Every stored version of a process, the first first. */
  async list(name: string): Promise<StoredVersion[]> {
    const versions = await this.store.list(name);
    versions.forEach((v) => this.remember(v));
    return versions;
  }

  async remove(name: string, versions: readonly StoredVersion[]): Promise<number> {
    const removed = await this.store.remove(
      name,
      versions.map((v) => v.number),
    );
    for (const v of versions) {
      this.loaded.delete(key(name, v.hash));
      if (this.stored.get(key(name, v.hash))?.number === v.number)
        this.stored.delete(key(name, v.hash));
    }
    return removed;
  }

  /** A version's files, definition and kb, without loading it; null when the store does not have it. */
  describe(name: string, hash: string): Promise<VersionDetails | null> {
    const k = key(name, hash);
    let found = this.details.get(k);
    if (found === undefined) {
      found = this.store
        .find(name, hash)
        .then(async (stored) =>
          stored === null
            ? null
            : { snapshot: stored.snapshot, ...(await readDefinition(stored.snapshot)) },
        );
      this.details.set(k, found);
      found.catch(() => this.details.delete(k));
    }
    return found;
  }

  numberOf(process: Pick<LoadedProcess, 'name' | 'version'>): number | undefined {
    return this.stored.get(key(process.name, process.version))?.number;
  }

  info(name: string, hash: string): StoredVersion | undefined {
    return this.stored.get(key(name, hash));
  }

  /** How logs and messages name a version: "3 (9f2c...)", or the hash alone when it was never stored. */
  label(process: Pick<LoadedProcess, 'name' | 'version'>): string {
    const number = this.numberOf(process);
    return number === undefined ? process.version : `${number} (${process.version})`;
  }

  private async fetch(name: string, hash: string): Promise<LoadedProcess | null> {
    const found = await this.store.find(name, hash);
    if (found === null) return null;
    this.remember(found);
    return this.loadSnapshot(name, found.snapshot);
  }

  private remember(version: StoredVersion): void {
    const k = key(version.process, version.hash);
    const known = this.stored.get(k);
    if (known === undefined || known.number <= version.number) {
      const { process, number, hash, bytes, publishedAt, publishedBy } = version;
      this.stored.set(k, { process, number, hash, bytes, publishedAt, publishedBy });
    }
  }
}
