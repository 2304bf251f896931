import type { Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { translateDriverError } from '../driver-errors.js';
import { InteractionEntity, TurnEntity, UserKnowledgeEntity } from '../entities/index.js';
import { GroupCommit } from '../group-commit.js';
import type { PoolStats } from '../interaction-store.js';
import { DatabaseTimeoutError, DatabaseUnavailableError } from '../persistence-errors.js';
import { type Append, type AppendOutcome, TurnLog, type TurnRow } from '../turn-log.js';
import { appendTurnsParams, appendTurnsStatement, LOCK_INTERACTION } from './append-turns.sql.js';

/** Batches in flight at once (each is one statement on one pooled connection), and the most turns in one. */
const BATCHES = 2;
const MAX_BATCH = 256;

type Run = (text: string, values: unknown[]) => Promise<{ id: string; seq: number }[]>;

/**
 * The turn log on Postgres: batches of turns group-committed, each batch one prepared statement on TypeORM's
 * pool; an exclusive turn holds the interaction's advisory lock, which the batches' turns of it skip.
 */
export class PostgresTurnLog extends TurnLog {
  private readonly pool: Pool;
  private readonly statements: { batch: string; underLock: string };
  private readonly commits: GroupCommit<TurnRow, AppendOutcome>;

  constructor(private readonly dataSource: DataSource) {
    super();
    const driver = dataSource.driver;
    if (!(driver instanceof PostgresDriver)) throw new Error('PostgresTurnLog needs Postgres');
    // TypeORM's pool (its public `master`): one pool for the reads and the turns.
    this.pool = driver.master as Pool;
    const entities = [TurnEntity, InteractionEntity, UserKnowledgeEntity] as const;
    const [turns, interactions, knowledge] = entities.map((e) => dataSource.getMetadata(e));
    this.statements = {
      batch: appendTurnsStatement(turns, interactions, knowledge, false),
      underLock: appendTurnsStatement(turns, interactions, knowledge, true),
    };
    this.commits = new GroupCommit((rows) => this.flush(rows), BATCHES, MAX_BATCH);
  }

  append(row: TurnRow): Promise<AppendOutcome> {
    return this.commits.write(row);
  }

  async exclusive<T>(
    id: string,
    work: (manager: EntityManager, append: Append) => Promise<T>,
  ): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction();
      await runner.query(LOCK_INTERACTION, [id]);
      const run: Run = async (text, values) =>
        (await runner.query(text, values, true)).records as { id: string; seq: number }[];
      const result = await work(
        runner.manager,
        async (row) => (await this.write(run, this.statements.underLock, [row]))[0],
      );
      await runner.commitTransaction();
      return result;
    } catch (error) {
      // The connection may have broken (the database went away): the transaction died with it.
      if (!runner.isReleased && runner.isTransactionActive)
        await runner.rollbackTransaction().catch(() => undefined);
      throw translateDriverError(error);
    } finally {
      if (!runner.isReleased) await runner.release();
    }
  }

  poolStats(): PoolStats {
    return {
      total: this.pool.totalCount,
      idle: this.pool.idleCount,
      waiting: this.pool.waitingCount,
    };
  }

  /** The batch in one statement; if it fails as a whole (two turns saving one user's knowledge...), turn by turn. */
  private async flush(rows: TurnRow[]): Promise<AppendOutcome[]> {
    const run: Run = async (text, values) =>
      (await this.pool.query({ name: 'mmcc_append_turns', text, values })).rows as {
        id: string;
        seq: number;
      }[];
    try {
      return await this.write(run, this.statements.batch, rows);
    } catch (error) {
      const failure = translateDriverError(error) as Error;
      // A lost database or a statement timeout would only fail again, turn by turn.
      if (
        rows.length === 1 ||
        failure instanceof DatabaseUnavailableError ||
        failure instanceof DatabaseTimeoutError
      )
        return rows.map(() => failure);
      return Promise.all(rows.map(async (row) => (await this.flush([row]))[0]));
    }
  }

  private async write(run: Run, statement: string, rows: TurnRow[]): Promise<AppendOutcome[]> {
    const now = new Date().toISOString();
    const written = await run(statement, appendTurnsParams(rows, now));
    const keys = new Set(written.map((w) => `${w.seq} ${w.id}`));
    return rows.map((row) =>
      keys.has(`${row.seq} ${row.interactionId}`) ? { committedAt: now } : 'conflict',
    );
  }
}
