import type { Database, Statement } from 'better-sqlite3';
import type { BatchedTurn, BatchOutcome } from './turn-batch.js';
import { ConcurrentTurnError } from './persistence-errors.js';
import { sqliteDialect } from './sql-dialect.js';
import {
  entryParams,
  INSERT_ENTRY,
  knowledgeParams,
  UPDATE_INTERACTION,
  updateParams,
  UPSERT_KNOWLEDGE,
} from './turn-statements.js';

/**
 * Writes batches of turns on the SQLite connection: one transaction (one commit, one fsync) per batch, each
 * turn inside it in a savepoint of its own, so a turn that fails leaves the others in. Synchronous, like
 * better-sqlite3 itself: the caller holds the connection.
 */
export class SqliteTurnBatch {
  private readonly update: Statement;
  private readonly insert: Statement;
  private readonly upsert: Statement;
  private readonly writeAll: (turns: BatchedTurn[], now: string) => BatchOutcome[];

  constructor(db: Database) {
    const prepare = (sql: string) => db.prepare(sqliteDialect.bind(sql, [])[0]);
    this.update = prepare(UPDATE_INTERACTION);
    this.insert = prepare(INSERT_ENTRY);
    this.upsert = prepare(UPSERT_KNOWLEDGE);
    // better-sqlite3 runs a transaction function called inside another one in a savepoint.
    const writeOne = db.transaction((turn: BatchedTurn, now: string) => this.writeOne(turn, now));
    this.writeAll = db.transaction((turns: BatchedTurn[], now: string) =>
      turns.map((turn): BatchOutcome => {
        try {
          writeOne(turn, now);
          return { committedAt: now };
        } catch (error) {
          return error as Error;
        }
      }),
    );
  }

  write(turns: BatchedTurn[], now: string): BatchOutcome[] {
    return this.writeAll(turns, now);
  }

  private writeOne({ interaction, write }: BatchedTurn, now: string): void {
    const run = (statement: Statement, sql: string, params: unknown[]) =>
      statement.run(...sqliteDialect.bind(sql, params)[1]);
    const updated = run(this.update, UPDATE_INTERACTION, updateParams(interaction, write, now));
    if (updated.changes === 0) throw new ConcurrentTurnError(interaction.id);
    run(this.insert, INSERT_ENTRY, entryParams(interaction, write, now));
    const knowledge = knowledgeParams(interaction, write, now);
    if (knowledge !== null) run(this.upsert, UPSERT_KNOWLEDGE, knowledge);
  }
}
