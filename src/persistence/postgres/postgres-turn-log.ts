import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { translateDriverError } from '../driver-errors.js';
import { InteractionEntity, TurnEntity, UserKnowledgeEntity } from '../entities/index.js';
import { GroupCommit } from '../group-commit.js';
import type { PoolStats } from '../../metrics/pool-figures.js';
import { DatabaseTimeoutError, DatabaseUnavailableError } from '../persistence-errors.js';
import { type AppendOutcome, TurnLog, type TurnRow } from '../turn-log.js';
import {
  appendTurnsParams,
  appendTurnsStatement,
  isPlain,
  LOCK_INTERACTION,
} from './append-turns.sql.js';

/**
 * Batches in flight at once (each is one statement on one pooled connection), and the most turns in one.
 * One in flight makes larger batches: a third less database CPU per turn than two, at the same turns/s.
 */
const BATCHES = 1;
const MAX_BATCH = 256;

type Run = (
  statement: { text: string; name: string },
  values: unknown[],
) => Promise<{ id: string; seq: number }[]>;

/**
 * The turn log on Postgres: batches of turns group-committed, each batch one prepared statement on TypeORM's
 * pool. A write after a lost race goes alone and takes the interaction's advisory lock for that one statement
 * (the batches skip a held interaction, never wait for it); no lock is held while a turn is stepped.
 */
export class PostgresTurnLog extends TurnLog {
  private readonly pool: Pool;
  /** The statement by [under the lock][plain], and its name (a prepared statement per connection). */
  private readonly statements: { text: string; name: string }[][];
  private readonly commits: GroupCommit<TurnRow, AppendOutcome>;

  constructor(private readonly dataSource: DataSource) {
    super();
    const driver = dataSource.driver;
    if (!(driver instanceof PostgresDriver)) throw new Error('PostgresTurnLog needs Postgres');
    // TypeORM's pool (its public `master`): one pool for the reads and the turns.
    this.pool = driver.master as Pool;
    const entities = [TurnEntity, InteractionEntity, UserKnowledgeEntity] as const;
    const [turns, interactions, knowledge] = entities.map((e) => dataSource.getMetadata(e));
    this.statements = [false, true].map((underLock) =>
      [false, true].map((plain) => ({
        text: appendTurnsStatement(turns, interactions, knowledge, { underLock, plain }),
        name: `mmcc_append_turns${underLock ? '_locked' : ''}${plain ? '_plain' : ''}`,
      })),
    );
    this.commits = new GroupCommit((rows) => this.flush(rows), BATCHES, MAX_BATCH);
  }

  append(row: TurnRow): Promise<AppendOutcome> {
    return this.commits.write(row);
  }

  async appendWaiting(row: TurnRow): Promise<AppendOutcome> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction();
      await runner.query(LOCK_INTERACTION, [row.interactionId]);
      const run: Run = async ({ text }, values) =>
        (await runner.query(text, values, true)).records as { id: string; seq: number }[];
      const [outcome] = await this.write(run, true, [row]);
      await runner.commitTransaction();
      return outcome;
    } catch (error) {
      // The connection may have broken (the database went away): the transaction died with it.
      if (!runner.isReleased && runner.isTransactionActive)
        await runner.rollbackTransaction().catch(() => undefined);
      return translateDriverError(error) as Error;
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
    const run: Run = async ({ text, name }, values) =>
      (await this.pool.query({ name, text, values })).rows as { id: string; seq: number }[];
    try {
      return await this.write(run, false, rows);
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

  private async write(run: Run, underLock: boolean, rows: TurnRow[]): Promise<AppendOutcome[]> {
    const now = new Date().toISOString();
    const plain = isPlain(rows);
    const statement = this.statements[Number(underLock)][Number(plain)];
    const written = await run(statement, appendTurnsParams(rows, plain, now));
    const keys = new Set(written.map((w) => `${w.seq} ${w.id}`));
    return rows.map((row) =>
      keys.has(`${row.seq} ${row.interactionId}`) ? { committedAt: now } : 'conflict',
    );
  }
}
