import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  copyTranscript,
  CREATE_INTERACTIONS,
  createInteractionIndexes,
  CREATE_TURNS,
  CREATE_TURNS_MESSAGE_ID,
  CREATE_USER_KNOWLEDGE,
  IRREVERSIBLE,
} from '../turn-log-schema.js';

/**
 * From one wide interaction row updated every turn to an append-only turn log (see the Postgres twin).
 * SQLite changes a column's type by copying the table.
 */
export class TurnLog1764600000000 implements MigrationInterface {
  name = 'TurnLog1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(CREATE_TURNS);
    await db.query(
      copyTranscript(
        `json_object('current', i.current_activity, 'stack', json(i.stack), 'done', json(i.done), 'context', json(i.context))`,
        'i.kb',
        't.created_at',
      ),
    );
    await db.query(CREATE_TURNS_MESSAGE_ID);
    await db.query('DROP TABLE transcript');
    await db.query(CREATE_INTERACTIONS.replace('"interactions"', '"interactions_new"'));
    await db.query(`INSERT INTO interactions_new (id, uid, process, process_version, status, created_at, updated_at)
      SELECT id, uid, process, process_version, status, created_at, updated_at FROM interactions`);
    await db.query('DROP TABLE interactions');
    await db.query('ALTER TABLE interactions_new RENAME TO interactions');
    await createInteractionIndexes(db);
    await db.query(CREATE_USER_KNOWLEDGE.replace('"user_knowledge"', '"user_knowledge_new"'));
    await db.query(`INSERT INTO user_knowledge_new (uid, process, knowledge, updated_at)
      SELECT uid, process, knowledge, updated_at FROM user_knowledge`);
    await db.query('DROP TABLE user_knowledge');
    await db.query('ALTER TABLE user_knowledge_new RENAME TO user_knowledge');
  }

  down(): Promise<void> {
    return Promise.reject(new Error(IRREVERSIBLE));
  }
}
