import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  copyTranscript,
  CREATE_TURNS,
  CREATE_TURNS_MESSAGE_ID,
  IRREVERSIBLE,
} from '../turn-log-schema.js';

const iso = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * From one wide interaction row updated every turn to an append-only turn log: the transcript becomes
 * `turns` (with the state after the last turn), the interaction row keeps only what rarely changes, JSON
 * becomes text and timestamps ISO-8601 text (see the entities). Data kept.
 */
export class TurnLog1764600000000 implements MigrationInterface {
  name = 'TurnLog1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(CREATE_TURNS);
    await db.query(
      copyTranscript(
        `json_build_object('current', i.current_activity, 'stack', i.stack, 'done', i.done, 'context', i.context)::text`,
        'i.kb::text',
        iso('t.created_at'),
      ).replace('t.input, t.reply,', 't.input::text, t.reply::text,'),
    );
    await db.query(CREATE_TURNS_MESSAGE_ID);
    await db.query('DROP TABLE transcript');
    await db.query(`ALTER TABLE interactions
      DROP COLUMN current_activity, DROP COLUMN stack, DROP COLUMN done, DROP COLUMN context,
      DROP COLUMN kb, DROP COLUMN last_seq,
      ALTER COLUMN created_at TYPE varchar(32) USING ${iso('created_at')},
      ALTER COLUMN updated_at TYPE varchar(32) USING ${iso('updated_at')}`);
    await db.query(`ALTER TABLE user_knowledge
      ALTER COLUMN knowledge TYPE text USING knowledge::text,
      ALTER COLUMN updated_at TYPE varchar(32) USING ${iso('updated_at')}`);
  }

  down(): Promise<void> {
    return Promise.reject(new Error(IRREVERSIBLE));
  }
}
