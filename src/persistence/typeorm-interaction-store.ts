import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Mutex } from 'async-mutex';
import type { Database } from 'better-sqlite3';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { JsonObject } from '../engine/index.js';
import { Settings } from '../settings/settings.js';
import { translateDriverError as translate } from './driver-errors.js';
import { GroupCommit } from './group-commit.js';
import { type CachedInteraction, InteractionCache } from './interaction-cache.js';
import { ENTRY_COLUMNS, type Row, toEntry, toInteraction } from './interaction-rows.js';
import { InteractionStore } from './interaction-store.js';
import type {
  InteractionFilter,
  InteractionRecord,
  OpenTurn,
  TranscriptEntry,
  TurnWrite,
  UserKnowledge,
} from './interaction.records.js';
import {
  ConcurrentTurnError,
  DatabaseTimeoutError,
  DatabaseUnavailableError,
} from './persistence-errors.js';
import { writePostgresBatch } from './postgres-turn-batch.js';
import { postgresDialect, type SqlDialect, sqliteDialect } from './sql-dialect.js';
import { SqliteTurnBatch } from './sqlite-turn-batch.js';
import type { BatchedTurn, BatchOutcome } from './turn-batch.js';
import {
  afterWrite,
  entryParams,
  INSERT_ENTRY,
  INSERT_INTERACTION,
  insertParams,
  knowledgeParams,
  UPDATE_INTERACTION,
  updateParams,
  UPSERT_KNOWLEDGE,
} from './turn-statements.js';

const SELECT_FOR_TURN = (lock: string) => `
  SELECT i.*, ${ENTRY_COLUMNS}
  FROM interactions i
  LEFT JOIN transcript t ON t.interaction_id = i.id AND t.message_id = $2
  WHERE i.id = $1 ${lock}`;

/** Batches of turns in flight at once on Postgres (each is one statement on one pooled connection). */
const POSTGRES_BATCHES = 2;
const MAX_BATCH = 256;

/**
 * The InteractionStore on TypeORM, for Postgres and the embedded SQLite file.
 *
 * A turn starts from this process's cached copy of the interaction (no read), and its write goes into a
 * group commit with the turns of other interactions; the write applies only if the interaction's last_seq
 * is still the one the turn started from. When another server process got there first, the turn fails with
 * ConcurrentTurnError and the cached copy is dropped; the service then retries it as an exclusive turn,
 * which on Postgres reads the row with its lock held (SELECT ... FOR UPDATE) until commit.
 * SQLite has one connection per process: every use of it is serialised here.
 */
@Injectable()
export class TypeormInteractionStore extends InteractionStore {
  private readonly dialect: SqlDialect;
  private readonly sqlite = new Mutex();
  private readonly cache: InteractionCache;
  private readonly commits: GroupCommit<BatchedTurn, BatchOutcome>;
  private sqliteBatch?: SqliteTurnBatch;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    settings: Settings,
  ) {
    super();
    const postgres = dataSource.options.type === 'postgres';
    this.dialect = postgres ? postgresDialect : sqliteDialect;
    this.cache = new InteractionCache(settings.INTERACTION_CACHE_SIZE);
    this.commits = postgres
      ? new GroupCommit((turns) => this.writePostgres(turns), POSTGRES_BATCHES, MAX_BATCH)
      : new GroupCommit((turns) => this.writeSqlite(turns), 1, MAX_BATCH, true);
  }

  async create(
    interaction: Pick<InteractionRecord, 'id' | 'uid' | 'process' | 'processVersion'>,
    welcome: TurnWrite,
  ): Promise<void> {
    const now = new Date().toISOString();
    await this.inTransaction(async (run) => {
      await run(INSERT_INTERACTION, insertParams(interaction, welcome, now));
      await this.writeRecords(run, interaction, welcome, now);
    });
    this.cache.set(afterWrite({ ...interaction, createdAt: now }, welcome, now), []);
  }

  async openTurn(
    id: string,
    messageId: string | null,
    exclusive = false,
  ): Promise<OpenTurn | null> {
    if (exclusive) {
      this.cache.delete(id);
      return this.dialect.kind === 'postgres'
        ? this.openLockedTurn(id, messageId)
        : this.openCheckedTurn(id, messageId);
    }
    const cached = this.cache.get(id) ?? (await this.load(id));
    if (cached === undefined) return null;
    const { record } = cached;
    return {
      interaction: record,
      duplicate:
        messageId !== null && cached.messageIds.has(messageId)
          ? await this.entryOf(id, messageId)
          : null,
      release: async () => undefined,
      commit: async (write) => {
        const outcome = await this.commits.write({ interaction: record, write });
        if (outcome instanceof Error) {
          this.cache.delete(id);
          throw translate(outcome);
        }
        this.cache.advance(
          id,
          afterWrite(record, write, outcome.committedAt),
          write.entry.messageId,
        );
      },
    };
  }

  async find(id: string): Promise<InteractionRecord | null> {
    const rows = await this.read(`SELECT * FROM interactions WHERE id = $1`, [id]);
    return rows.length === 0 ? null : toInteraction(rows[0], this.dialect);
  }

  async transcript(id: string, afterSeq: number): Promise<TranscriptEntry[]> {
    const rows = await this.read(
      `SELECT ${ENTRY_COLUMNS} FROM transcript t WHERE t.interaction_id = $1 AND t.seq > $2 ORDER BY t.seq`,
      [id, afterSeq],
    );
    return rows.map((row) => toEntry(row, this.dialect)!);
  }

  async knowledge(uid: string, process: string): Promise<JsonObject | undefined> {
    const rows = await this.read(
      `SELECT knowledge FROM user_knowledge WHERE uid = $1 AND process = $2`,
      [uid, process],
    );
    return rows.length === 0 ? undefined : this.dialect.readJson<JsonObject>(rows[0].knowledge);
  }

  async list(filter: InteractionFilter): Promise<InteractionRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: (n: string) => string, ...values: unknown[]) => {
      where.push(clause(`$${params.length + 1}`));
      params.push(...values);
    };
    if (filter.uid !== undefined) add((n) => `uid = ${n}`, filter.uid);
    if (filter.process !== undefined) add((n) => `process = ${n}`, filter.process);
    if (filter.status !== undefined) add((n) => `status = ${n}`, filter.status);
    if (filter.after !== undefined) {
      const n = params.length + 1;
      where.push(`(updated_at < $${n} OR (updated_at = $${n + 1} AND id < $${n + 2}))`);
      params.push(filter.after.updatedAt, filter.after.updatedAt, filter.after.id);
    }
    const rows = await this.read(
      `SELECT * FROM interactions ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY updated_at DESC, id DESC LIMIT ${Math.trunc(filter.limit)}`,
      params,
    );
    return rows.map((row) => toInteraction(row, this.dialect));
  }

  async delete(id: string): Promise<boolean> {
    let deleted = false;
    this.cache.delete(id);
    await this.inTransaction(async (run) => {
      await run('DELETE FROM transcript WHERE interaction_id = $1', [id]);
      deleted = ((await run('DELETE FROM interactions WHERE id = $1', [id])).affected ?? 0) > 0;
    });
    return deleted;
  }

  async knowledgeOf(uid: string): Promise<UserKnowledge[]> {
    const rows = await this.read(
      'SELECT process, knowledge, updated_at FROM user_knowledge WHERE uid = $1 ORDER BY process',
      [uid],
    );
    return rows.map((row) => ({
      process: String(row.process),
      knowledge: this.dialect.readJson<JsonObject>(row.knowledge),
      updatedAt: this.dialect.readDate(row.updated_at),
    }));
  }

  async ping(): Promise<void> {
    await this.read('SELECT 1', []);
  }

  /** Reads an interaction into the cache: its row, then the message ids of its transcript. */
  private async load(id: string): Promise<CachedInteraction | undefined> {
    const rows = await this.read(`SELECT * FROM interactions WHERE id = $1`, [id]);
    if (rows.length === 0) return undefined;
    const ids = await this.read(
      'SELECT message_id FROM transcript WHERE interaction_id = $1 AND message_id IS NOT NULL',
      [id],
    );
    return this.cache.set(
      toInteraction(rows[0], this.dialect),
      ids.map((r) => String(r.message_id)),
    );
  }

  private async entryOf(id: string, messageId: string): Promise<TranscriptEntry | null> {
    const rows = await this.read(
      `SELECT ${ENTRY_COLUMNS} FROM transcript t WHERE t.interaction_id = $1 AND t.message_id = $2`,
      [id, messageId],
    );
    return rows.length === 0 ? null : toEntry(rows[0], this.dialect);
  }

  /** One statement for the whole batch; if it fails as a whole (a repeated message id...), one transaction per turn. */
  private async writePostgres(turns: BatchedTurn[]): Promise<BatchOutcome[]> {
    const now = new Date().toISOString();
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    try {
      return await writePostgresBatch(pool, turns, now);
    } catch (error) {
      const failure = translate(error);
      // A lost database or a statement timeout would only fail again, turn by turn.
      if (failure instanceof DatabaseUnavailableError || failure instanceof DatabaseTimeoutError)
        return turns.map(() => failure);
      return Promise.all(
        turns.map(({ interaction, write }) =>
          this.inTransaction((run) => this.writeTurn(run, interaction, write, now)).then(
            (): BatchOutcome => ({ committedAt: now }),
            (failure: unknown) => failure as Error,
          ),
        ),
      );
    }
  }

  private writeSqlite(turns: BatchedTurn[]): Promise<BatchOutcome[]> {
    return this.sqlite.runExclusive(() => {
      const now = new Date().toISOString();
      try {
        this.sqliteBatch ??= new SqliteTurnBatch(
          (this.dataSource.driver as unknown as { databaseConnection: Database })
            .databaseConnection,
        );
        return this.sqliteBatch.write(turns, now);
      } catch (error) {
        const failure = translate(error) as Error;
        return turns.map(() => failure);
      }
    });
  }

  /** Postgres: a transaction that holds the row lock until commit or release. */
  private async openLockedTurn(id: string, messageId: string | null): Promise<OpenTurn | null> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction();
    } catch (error) {
      await runner.release().catch(() => undefined);
      throw translate(error);
    }
    let open = true;
    const release = async () => {
      if (!open) return;
      open = false;
      try {
        if (!runner.isReleased && runner.isTransactionActive) await runner.rollbackTransaction();
      } catch {
        // The connection broke (the database went away): the transaction died with it.
      } finally {
        await runner.release();
      }
    };
    try {
      const rows = (await runner.query(
        ...this.dialect.bind(SELECT_FOR_TURN(this.dialect.lockRow), [id, messageId]),
      )) as Row[];
      if (rows.length === 0) {
        await release();
        return null;
      }
      const interaction = toInteraction(rows[0], this.dialect);
      return {
        interaction,
        duplicate: toEntry(rows[0], this.dialect),
        release,
        commit: async (write) => {
          const now = new Date().toISOString();
          const run = (sql: string, params: unknown[]) =>
            runner.query(...this.dialect.bind(sql, params), true);
          try {
            await this.writeTurn(run, interaction, write, now);
            await runner.commitTransaction();
          } catch (error) {
            throw translate(error);
          } finally {
            await release();
          }
        },
      };
    } catch (error) {
      await release().catch(() => undefined);
      throw translate(error);
    }
  }

  /** SQLite: read now, and commit only if the interaction is still at the seq that was read. */
  private async openCheckedTurn(id: string, messageId: string | null): Promise<OpenTurn | null> {
    const rows = await this.read(SELECT_FOR_TURN(''), [id, messageId]);
    if (rows.length === 0) return null;
    const interaction = toInteraction(rows[0], this.dialect);
    return {
      interaction,
      duplicate: toEntry(rows[0], this.dialect),
      release: async () => undefined,
      commit: (write) =>
        this.inTransaction((run) =>
          this.writeTurn(run, interaction, write, new Date().toISOString()),
        ),
    };
  }

  private async writeTurn(
    run: Run,
    interaction: Pick<InteractionRecord, 'id' | 'uid' | 'process' | 'lastSeq'>,
    write: TurnWrite,
    now: string,
  ): Promise<void> {
    const result = await run(UPDATE_INTERACTION, updateParams(interaction, write, now));
    if (result.affected === 0) throw new ConcurrentTurnError(interaction.id);
    await this.writeRecords(run, interaction, write, now);
  }

  /** What every turn writes besides the interaction row: its transcript entry, and the user's knowledge at an END. */
  private async writeRecords(
    run: Run,
    interaction: Pick<InteractionRecord, 'id' | 'uid' | 'process'>,
    write: TurnWrite,
    now: string,
  ): Promise<void> {
    await run(INSERT_ENTRY, entryParams(interaction, write, now));
    const knowledge = knowledgeParams(interaction, write, now);
    if (knowledge !== null) await run(UPSERT_KNOWLEDGE, knowledge);
  }

  /** Runs statements in one transaction; on SQLite, with the connection to itself. */
  private async inTransaction(work: (run: Run) => Promise<void>): Promise<void> {
    const body = async () => {
      const runner = this.dataSource.createQueryRunner();
      try {
        await runner.connect();
        await runner.startTransaction();
        try {
          await work((sql, params) => runner.query(...this.dialect.bind(sql, params), true));
          await runner.commitTransaction();
        } catch (error) {
          if (runner.isTransactionActive) await runner.rollbackTransaction();
          throw error;
        }
      } catch (error) {
        throw translate(error);
      } finally {
        await runner.release();
      }
    };
    return this.dialect.kind === 'sqlite' ? this.sqlite.runExclusive(body) : body();
  }

  private async read(sql: string, params: unknown[]): Promise<Row[]> {
    const query = async () => {
      try {
        return (await this.dataSource.query(...this.dialect.bind(sql, params))) as Row[];
      } catch (error) {
        throw translate(error);
      }
    };
    return this.dialect.kind === 'sqlite' ? this.sqlite.runExclusive(query) : query();
  }
}

type Run = (sql: string, params: unknown[]) => Promise<{ affected?: number }>;
