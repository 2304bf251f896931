import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { BadMessageError } from '../common/client-errors.js';
import { DONE_KEY, type JsonObject } from '../engine/index.js';
import { InteractionStore } from './interaction-store.js';
import type { LoadedProcess } from '../processes/loaded-process.js';
import {
  type ActivityMapping,
  mappingProblems,
  planMigration,
} from '../processes/migration-plan.js';
import { ProcessEngine, type PublishedVersion } from '../processes/process-engine.service.js';
import type { StoredVersion } from '../processes/process-version-store.js';
import { InteractionsService } from './interactions.service.js';
import { liveInteractions } from './live-interactions.js';
import type { InteractionRecord, TurnWrite } from './model/interaction.model.js';

export interface MigrationRequest {
  readonly from: string | number;
  readonly to: string | number;
  readonly mapping?: ActivityMapping;
  readonly context?: JsonObject;
  readonly dryRun?: boolean;
}

type VersionRef = Pick<StoredVersion, 'number' | 'hash'>;

/** What a migration did (or, in a dry run, would do) with each live interaction of the version migrated from. */
export interface MigrationReport {
  readonly process: string;
  readonly from: VersionRef;
  readonly to: VersionRef;
  readonly dryRun: boolean;
  readonly moved: { interaction: string; uid: string; activity: string; to: string }[];
  readonly refused: { interaction: string; uid: string; activity: string; reason: string }[];
}

/** Why one interaction did not move when its turn came (the step refuses, so nothing is written). */
class MoveRefused extends Error {}

/** Interactions moved in parallel while a migration applies (each move is one fenced turn). */
const PARALLEL_MOVES = 16;

/**
 * Moves live interactions from one version of their process to another, on purpose: each move is one turn
 * of the interaction's log (seq + 1, queued and fenced like any turn, so a message in flight either commits
 * first and the move is computed again on top of it, or comes after the move and runs on the new version).
 * Also applies the `migrate` policy when a version is published.
 */
@Injectable()
export class InteractionMigrations implements OnModuleInit {
  private readonly logger = new Logger(InteractionMigrations.name);

  constructor(
    private readonly store: InteractionStore,
    private readonly engine: ProcessEngine,
    private readonly turns: InteractionsService,
  ) {}

  onModuleInit(): Promise<void> {
    return this.engine.onPublished((published) => this.onPublished(published));
  }

  async migrate(name: string, request: MigrationRequest): Promise<MigrationReport> {
    const [from, to] = await Promise.all([
      this.engine.storedVersion(name, request.from),
      this.engine.storedVersion(name, request.to),
    ]);
    const [before, after] = await Promise.all([
      this.engine.version(name, from.hash),
      this.engine.version(name, to.hash),
    ]);
    const mapping = request.mapping ?? {};
    const problems = mappingProblems(before.definition, after.definition, mapping);
    if (problems.length > 0) throw new BadMessageError(`"mapping": ${problems.join('; ')}`);
    const context = request.context ?? {};
    if (Object.hasOwn(context, DONE_KEY))
      throw new BadMessageError(`"context" may not set ${DONE_KEY}: the engine keeps it`);
    const dryRun = request.dryRun === true;
    const report: MigrationReport = {
      process: name,
      from: { number: from.number, hash: from.hash },
      to: { number: to.number, hash: to.hash },
      dryRun,
      moved: [],
      refused: [],
    };
    const batch: InteractionRecord[] = [];
    const flush = async () => {
      const records = batch.splice(0);
      await Promise.all(records.map((r) => this.one(r, report, before, after, mapping, context)));
    };
    for await (const record of liveInteractions(this.store, name)) {
      if (record.processVersion !== from.hash || from.hash === to.hash) continue;
      batch.push(record);
      if (batch.length === PARALLEL_MOVES) await flush();
    }
    await flush();
    return report;
  }

  /** Plans (and unless a dry run, applies) the move of one interaction, recording it in the report. */
  private async one(
    record: InteractionRecord,
    report: MigrationReport,
    before: LoadedProcess,
    after: LoadedProcess,
    mapping: ActivityMapping,
    context: JsonObject,
  ): Promise<void> {
    const { id: interaction, uid } = record;
    const activity = record.state.current;
    const plan = planMigration(before.definition, after.definition, record.state, mapping, context);
    if (!plan.movable)
      return void report.refused.push({ interaction, uid, activity, reason: plan.reason });
    if (report.dryRun)
      return void report.moved.push({ interaction, uid, activity, to: plan.state.current });
    try {
      const result = await this.turns.runTurn(
        { id: interaction, uid, messageId: null },
        (current) => Promise.resolve(this.move(current, report, before, after, mapping, context)),
      );
      if (result === null) throw new MoveRefused('the interaction was deleted');
      report.moved.push({ interaction, uid, activity, to: result.reply.activity });
    } catch (error) {
      if (!(error instanceof MoveRefused)) throw error;
      report.refused.push({ interaction, uid, activity, reason: error.message });
    }
  }

  /** The move as one turn, computed on the interaction as it stands when its turn comes. */
  private move(
    current: InteractionRecord,
    report: MigrationReport,
    before: LoadedProcess,
    after: LoadedProcess,
    mapping: ActivityMapping,
    context: JsonObject,
  ): TurnWrite {
    if (current.status !== 'active') throw new MoveRefused('the interaction has completed');
    if (current.processVersion !== report.from.hash)
      throw new MoveRefused(`the interaction moved to version ${current.processVersion} meanwhile`);
    const plan = planMigration(
      before.definition,
      after.definition,
      current.state,
      mapping,
      context,
    );
    if (!plan.movable) throw new MoveRefused(plan.reason);
    const seq = current.lastSeq + 1;
    const { state } = plan;
    const status =
      after.definition.activities.get(state.current)?.type === 'END' ? 'completed' : 'active';
    const version = report.to.hash;
    return {
      state,
      processVersion: version,
      status,
      entry: {
        seq,
        messageId: null,
        input: null,
        reply: { utterance: '', payload: {}, seq, activity: state.current, status, version },
        activityBefore: current.state.current,
        activityAfter: state.current,
        migration: {
          from: report.from.hash,
          to: version,
          ...(Object.keys(context).length > 0 ? { context } : {}),
        },
      },
    };
  }

  /** The `migrate` policy: every live interaction that the default mapping can move goes to the new version. */
  private async onPublished({ version, policy }: PublishedVersion): Promise<void> {
    if (policy !== 'migrate') return;
    const versions = new Set<string>();
    for await (const record of liveInteractions(this.store, version.process))
      if (record.processVersion !== version.hash) versions.add(record.processVersion);
    const stored = new Set((await this.engine.catalog.list(version.process)).map((v) => v.hash));
    for (const from of versions) {
      // (interactions started before versions were kept run on the current version anyway)
      if (!stored.has(from)) continue;
      const report = await this.migrate(version.process, { from, to: version.hash });
      this.logger.log(
        `process "${version.process}": version ${version.number} published with the migrate policy; ` +
          `from ${from}, ${report.moved.length} interaction(s) moved, ${report.refused.length} stay`,
      );
    }
  }
}
