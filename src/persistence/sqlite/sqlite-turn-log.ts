import type { Database, Statement } from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { BetterSqlite3Driver } from 'typeorm/driver/better-sqlite3/BetterSqlite3Driver.js';
import { translateDriverError } from '../driver-errors.js';
import { GroupCommit } from '../group-commit.js';
import { type AppendOutcome, TurnLog, type TurnRow } from '../turn-log.js';
import { appendTurnStatements } from './append-turn.sql.js';

const MAX_BATCH = 256;

/**
 * The turn log on the embedded SQLite file: a batch is one transaction (one commit, one fsync), gathered
 * over one turn of the event loop (the driver is synchronous: no write could join a batch while one runs).
 * SQLite has no row locks: a write after a lost race is fenced by the primary key like any other.
 */
export class SqliteTurnLog extends TurnLog {
  private readonly writeAll: (rows: TurnRow[], now: string) => AppendOutcome[];
  private readonly commits: GroupCommit<TurnRow, AppendOutcome>;

  constructor(dataSource: DataSource) {
    super();
    const driver = dataSource.driver;
    if (!(driver instanceof BetterSqlite3Driver)) throw new Error('SqliteTurnLog needs SQLite');
    // TypeORM's connection (its public `databaseConnection`): SQLite has one per process.
    const db = driver.databaseConnection as Database;
    const sql = appendTurnStatements(dataSource);
    const insertTurn = db.prepare(sql.insertTurn);
    const insertInteraction = db.prepare(sql.insertInteraction);
    const updateStatus = db.prepare(sql.updateStatus);
    const saveKnowledge = db.prepare(sql.saveKnowledge);
    const one = (row: TurnRow, now: string): AppendOutcome => {
      // A new interaction's row first: the turn log's trigger (the analytics' rollup) reads it.
      if (row.processVersion !== null)
        run(
          insertInteraction,
          row.interactionId,
          row.uid,
          row.process,
          row.processVersion,
          row.status,
          now,
          now,
        );
      if (
        insertTurn.run(
          row.interactionId,
          row.seq,
          row.messageId,
          row.input,
          row.reply,
          row.activityBefore,
          row.activityAfter,
          row.outcome,
          row.noIntent,
          row.state,
          row.version,
          row.kb,
          now,
        ).changes === 0
      )
        return 'conflict';
      if (row.processVersion === null && row.status !== null)
        run(updateStatus, row.status, now, row.interactionId);
      if (row.knowledge !== null) run(saveKnowledge, row.uid, row.process, row.knowledge, now);
      return { committedAt: now };
    };
    this.writeAll = db.transaction((rows: TurnRow[], now: string) =>
      rows.map((row) => one(row, now)),
    );
    this.commits = new GroupCommit(async (rows) => this.flush(rows), 1, MAX_BATCH, true);
  }

  append(row: TurnRow): Promise<AppendOutcome> {
    return this.commits.write(row);
  }

  appendWaiting(row: TurnRow): Promise<AppendOutcome> {
    return this.append(row);
  }

  poolStats(): null {
    return null;
  }

  private flush(rows: TurnRow[]): AppendOutcome[] {
    try {
      return this.writeAll(rows, new Date().toISOString());
    } catch (error) {
      const failure = translateDriverError(error) as Error;
      return rows.map(() => failure);
    }
  }
}

function run(statement: Statement, ...params: unknown[]): void {
  statement.run(...params);
}
