import { Injectable } from '@nestjs/common';
import {
  InteractionMigrations,
  type MigrationReport,
  type MigrationRequest,
} from '../interactions/interaction-migrations.service.js';
import { liveInteractions } from '../interactions/live-interactions.js';
import { InteractionStore } from '../interactions/interaction-store.js';
import { ProcessEngine } from '../processes/process-engine.service.js';
import type { StoredVersion } from '../processes/process-version-store.js';
import { type VersionChanges, versionChanges } from '../processes/version-changes.js';

/** One version as the admin sees it. */
export interface VersionSummary extends StoredVersion {
  /** Whether new interactions start on it. */
  current: boolean;
  /** Active interactions that run on it. */
  live: number;
  /** Against the version before it (null for the first). */
  changes: VersionChanges | null;
}

/** The versions of a process, migrations between them, and pruning the ones nobody runs on. */
@Injectable()
export class AdminVersionsService {
  constructor(
    private readonly engine: ProcessEngine,
    private readonly store: InteractionStore,
    private readonly migrations: InteractionMigrations,
  ) {}

  async list(name: string): Promise<VersionSummary[]> {
    const current = this.engine.get(name).version;
    const [versions, live] = await Promise.all([
      this.engine.catalog.list(name),
      this.liveCounts(name),
    ]);
    const details = await Promise.all(
      versions.map((v) => this.engine.catalog.describe(name, v.hash)),
    );
    return versions.map((version, i) => ({
      ...version,
      current: version.hash === current && i === versions.findLastIndex((v) => v.hash === current),
      live: live.get(version.hash) ?? 0,
      changes:
        i === 0 || details[i] === null || details[i - 1] === null
          ? null
          : versionChanges(details[i - 1]!, details[i]!),
    }));
  }

  migrate(name: string, request: MigrationRequest): Promise<MigrationReport> {
    return this.migrations.migrate(name, request);
  }

  /** Removes every version that is not current and that no active interaction runs on. */
  async prune(name: string): Promise<{ removed: number[]; kept: number[] }> {
    const versions = await this.list(name);
    const current = this.engine.get(name).version;
    const prunable = versions.filter((v) => v.hash !== current && v.live === 0);
    await this.engine.catalog.remove(name, prunable);
    const removed = new Set(prunable.map((v) => v.number));
    return {
      removed: [...removed],
      kept: versions.filter((v) => !removed.has(v.number)).map((v) => v.number),
    };
  }

  private async liveCounts(name: string): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for await (const record of liveInteractions(this.store, name))
      counts.set(record.processVersion, (counts.get(record.processVersion) ?? 0) + 1);
    return counts;
  }
}
