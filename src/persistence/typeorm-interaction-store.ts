import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Mutex } from 'async-mutex';
import { DataSource, QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import type { Input, JsonObject } from '../engine/index.js';
import { InteractionStore } from './interaction-store.js';
import {
  DuplicateMessageError,
  type InteractionFilter,
  type InteractionRecord,
  type OpenTurn,
  type StoredReply,
  type TranscriptEntry,
  type TurnWrite,
  type UserKnowledge,
} from './interaction.records.js';
import { postgresDialect, type SqlDialect, sqliteDialect } from './sql-dialect.js';
import {
  ConcurrentTurnError,
  DatabaseTimeoutError,
  DatabaseUnavailableError,
} from './persistence-errors.js';

const SELECT_FOR_TURN = (lock: string) => `
  SELECT i.*, t.seq AS t_seq, t.message_id AS t_message_id, t.input AS t_input, t.reply AS t_reply,
         t.activity_before AS t_activity_before, t.activity_after AS t_activity_after, t.created_at AS t_created_at
  FROM interactions i
  LEFT JOIN transcript t ON t.interaction_id = i.id AND t.message_id = $2
  WHERE i.id = $1 ${lock}`;

const UPDATE_INTERACTION = `
  UPDATE interactions SET status = $2, current_activity = $3, stack = $4, done = $5, context = $6, kb = $7,
         last_seq = $8, updated_at = $9
  WHERE id = $1 AND last_seq = $10`;

const INSERT_INTERACTION = `
  INSERT INTO interactions (id, uid, process, process_version, status, current_activity, stack, done, context, kb,
                            last_seq, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`;

const INSERT_ENTRY = `
  INSERT INTO transcript (interaction_id, seq, message_id, input, reply, activity_before, activity_after, created_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;

const UPSERT_KNOWLEDGE = `
  INSERT INTO user_knowledge (uid, process, knowledge, updated_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (uid, process) DO UPDATE SET knowledge = excluded.knowledge, updated_at = excluded.updated_at`;

type Row = Record<string, unknown>;

/**
 * The InteractionStore on TypeORM, for Postgres and the embedded SQLite file. A turn on Postgres holds the
 * interaction's row lock (SELECT ... FOR UPDATE) from openTurn to commit, which serialises turns across
 * server processes. SQLite has one connection per process: every use of it is serialised here, and a
 * turn commits only if no other process wrote the interaction since it was read (last_seq check).
 */
@Injectable()
export class TypeormInteractionStore extends InteractionStore {
  private readonly dialect: SqlDialect;
  private readonly sqlite = new Mutex();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
    this.dialect = dataSource.options.type === 'postgres' ? postgresDialect : sqliteDialect;
  }

  async create(
    interaction: Pick<InteractionRecord, 'id' | 'uid' | 'process' | 'processVersion'>,
    welcome: TurnWrite,
  ): Promise<void> {
    const now = new Date().toISOString();
    const { state } = welcome;
    await this.inTransaction(async (run) => {
      await run(INSERT_INTERACTION, [
        interaction.id,
        interaction.uid,
        interaction.process,
        interaction.processVersion,
        welcome.status,
        state.current,
        json(state.stack),
        json(state.done),
        json(state.context),
        json(state.kb),
        welcome.entry.seq,
        now,
      ]);
      await this.writeRecords(run, interaction, welcome, now);
    });
  }

  async openTurn(id: string, messageId: string | null): Promise<OpenTurn | null> {
    return this.dialect.kind === 'postgres'
      ? this.openLockedTurn(id, messageId)
      : this.openCheckedTurn(id, messageId);
  }

  async find(id: string): Promise<InteractionRecord | null> {
    const rows = await this.read(`SELECT * FROM interactions WHERE id = $1`, [id]);
    return rows.length === 0 ? null : this.toInteraction(rows[0]);
  }

  async transcript(id: string, afterSeq: number): Promise<TranscriptEntry[]> {
    const rows = await this.read(
      `SELECT seq AS t_seq, message_id AS t_message_id, input AS t_input, reply AS t_reply, activity_before AS t_activity_before,
              activity_after AS t_activity_after, created_at AS t_created_at
       FROM transcript WHERE interaction_id = $1 AND seq > $2 ORDER BY seq`,
      [id, afterSeq],
    );
    return rows.map((row) => this.toEntry(row)!);
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
    return rows.map((row) => this.toInteraction(row));
  }

  async delete(id: string): Promise<boolean> {
    let deleted = false;
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
      const interaction = this.toInteraction(rows[0]);
      return {
        interaction,
        duplicate: this.toEntry(rows[0]),
        release,
        commit: async (write) => {
          const now = new Date().toISOString();
          const run = (sql: string, params: unknown[]) =>
            runner.query(...this.dialect.bind(sql, params), true);
          await this.writeTurn(run, interaction, write, now);
          await runner.commitTransaction();
          await release();
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
    const interaction = this.toInteraction(rows[0]);
    return {
      interaction,
      duplicate: this.toEntry(rows[0]),
      release: async () => undefined,
      commit: (write) =>
        this.inTransaction((run) =>
          this.writeTurn(run, interaction, write, new Date().toISOString()),
        ),
    };
  }

  private async writeTurn(
    run: Run,
    interaction: InteractionRecord,
    write: TurnWrite,
    now: string,
  ): Promise<void> {
    const { state } = write;
    const result = await run(UPDATE_INTERACTION, [
      interaction.id,
      write.status,
      state.current,
      json(state.stack),
      json(state.done),
      json(state.context),
      json(state.kb),
      write.entry.seq,
      now,
      interaction.lastSeq,
    ]);
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
    const { entry } = write;
    await run(INSERT_ENTRY, [
      interaction.id,
      entry.seq,
      entry.messageId,
      entry.input === null ? null : json(entry.input),
      json(entry.reply),
      entry.activityBefore,
      entry.activityAfter,
      now,
    ]);
    if (write.knowledge !== undefined) {
      await run(UPSERT_KNOWLEDGE, [
        interaction.uid,
        interaction.process,
        json(write.knowledge),
        now,
      ]);
    }
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

  private toInteraction(row: Row): InteractionRecord {
    const { readJson, readDate } = this.dialect;
    return {
      id: String(row.id),
      uid: String(row.uid),
      process: String(row.process),
      processVersion: String(row.process_version),
      status: row.status as InteractionRecord['status'],
      lastSeq: Number(row.last_seq),
      createdAt: readDate(row.created_at),
      updatedAt: readDate(row.updated_at),
      state: {
        current: String(row.current_activity),
        stack: readJson(row.stack),
        done: readJson(row.done),
        context: readJson(row.context),
        kb: readJson(row.kb),
      },
    };
  }

  private toEntry(row: Row): TranscriptEntry | null {
    if (row.t_seq === null || row.t_seq === undefined) return null;
    const { readJson, readDate } = this.dialect;
    return {
      seq: Number(row.t_seq),
      messageId: (row.t_message_id as string | null) ?? null,
      input: readJson<Input | null>(row.t_input),
      reply: readJson<StoredReply>(row.t_reply),
      activityBefore: (row.t_activity_before as string | null) ?? null,
      activityAfter: String(row.t_activity_after),
      createdAt: readDate(row.t_created_at),
    };
  }
}

type Run = (sql: string, params: unknown[]) => Promise<{ affected?: number }>;

const json = (value: unknown): string => JSON.stringify(value);

/** Turns driver errors into the store's errors: a duplicate message id, or a database that cannot be reached. */
function translate(error: unknown): unknown {
  if (
    error instanceof DuplicateMessageError ||
    error instanceof ConcurrentTurnError ||
    error instanceof DatabaseTimeoutError
  )
    return error;
  const driver =
    error instanceof QueryFailedError
      ? (error.driverError as { code?: string; message?: string })
      : undefined;
  if (driver !== undefined) {
    const text = `${driver.code ?? ''} ${driver.message ?? ''}`;
    if (/transcript_message_id|transcript\.interaction_id, transcript\.message_id/.test(text)) {
      return new DuplicateMessageError('');
    }
    if (driver.code === '23505' || /SQLITE_CONSTRAINT_PRIMARYKEY/.test(text))
      return new ConcurrentTurnError('');
    // 57014: statement_timeout (DB_STATEMENT_TIMEOUT_MS), e.g. a row lock held elsewhere.
    if (driver.code === '57014') return new DatabaseTimeoutError(error);
    return error;
  }
  return isConnectionError(error) ? new DatabaseUnavailableError(error) : error;
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? '';
  const message = error instanceof Error ? error.message : '';
  // TypeORM releases a query runner by itself when its connection reports an error.
  if (error instanceof QueryRunnerAlreadyReleasedError) return true;
  return (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
      '57P01',
      '57P03',
      '08006',
      '08001',
      '08003',
    ].includes(code) ||
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      message,
    )
  );
}
