import type { ProcessSnapshot } from './process-snapshot.js';
import {
  ProcessVersionStore,
  type StoredVersion,
  type StoredVersionFiles,
} from './process-version-store.js';

/** The versions of a tool that keeps nothing between runs (the chat and bpmn commands): in this process only. */
export class InMemoryProcessVersions extends ProcessVersionStore {
  private readonly versions: StoredVersionFiles[] = [];

  publish(process: string, snapshot: ProcessSnapshot, by: string) {
    const own = this.versions.filter((v) => v.process === process);
    const latest = own.at(-1);
    if (latest?.hash === snapshot.hash)
      return Promise.resolve({ version: latest, published: false });
    const version: StoredVersionFiles = {
      process,
      number: (latest?.number ?? 0) + 1,
      hash: snapshot.hash,
      bytes: snapshot.bytes,
      publishedAt: new Date().toISOString(),
      publishedBy: by,
      snapshot,
    };
    this.versions.push(version);
    return Promise.resolve({ version, published: true });
  }

  latest(): Promise<StoredVersion[]> {
    const last = new Map(this.versions.map((v) => [v.process, v]));
    return Promise.resolve([...last.values()]);
  }

  find(process: string, hash: string): Promise<StoredVersionFiles | null> {
    const found = this.versions.filter((v) => v.process === process && v.hash === hash).at(-1);
    return Promise.resolve(found ?? null);
  }

  list(process: string): Promise<StoredVersion[]> {
    return Promise.resolve(this.versions.filter((v) => v.process === process));
  }

  remove(process: string, numbers: readonly number[]): Promise<number> {
    const before = this.versions.length;
    const kept = this.versions.filter((v) => v.process !== process || !numbers.includes(v.number));
    this.versions.splice(0, this.versions.length, ...kept);
    return Promise.resolve(before - kept.length);
  }
}
