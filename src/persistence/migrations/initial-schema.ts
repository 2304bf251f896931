import type { QueryRunner } from 'typeorm';

/** The column types that differ between the two databases. */
export interface ColumnTypes {
  readonly json: string;
  readonly timestamp: string;
}

/** The first schema, written once for both databases: interactions, their transcript, and users' knowledge. */
export async function createInitialSchema(
  db: QueryRunner,
  { json, timestamp }: ColumnTypes,
): Promise<void> {
  await db.query(`
    CREATE TABLE interactions (
      id varchar(36) PRIMARY KEY,
      uid varchar(200) NOT NULL,
      process varchar(200) NOT NULL,
      process_version varchar(64) NOT NULL,
      status varchar(16) NOT NULL,
      current_activity varchar(200) NOT NULL,
      stack ${json} NOT NULL,
      done ${json} NOT NULL,
      context ${json} NOT NULL,
      kb ${json} NOT NULL,
      last_seq integer NOT NULL,
      created_at ${timestamp} NOT NULL,
      updated_at ${timestamp} NOT NULL
    )`);
  await db.query(`CREATE INDEX interactions_uid_process ON interactions (uid, process)`);
  await db.query(`CREATE INDEX interactions_updated_at ON interactions (updated_at, id)`);
  await db.query(`
    CREATE TABLE transcript (
      interaction_id varchar(36) NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
      seq integer NOT NULL,
      message_id varchar(200),
      input ${json},
      reply ${json} NOT NULL,
      activity_before varchar(200),
      activity_after varchar(200) NOT NULL,
      created_at ${timestamp} NOT NULL,
      PRIMARY KEY (interaction_id, seq)
    )`);
  // Idempotent retries rest on this constraint (NULL message ids are all distinct).
  await db.query(
    `CREATE UNIQUE INDEX transcript_message_id ON transcript (interaction_id, message_id)`,
  );
  await db.query(`
    CREATE TABLE user_knowledge (
      uid varchar(200) NOT NULL,
      process varchar(200) NOT NULL,
      knowledge ${json} NOT NULL,
      updated_at ${timestamp} NOT NULL,
      PRIMARY KEY (uid, process)
    )`);
}

export async function dropInitialSchema(db: QueryRunner): Promise<void> {
  await db.query(`DROP TABLE user_knowledge`);
  await db.query(`DROP TABLE transcript`);
  await db.query(`DROP TABLE interactions`);
}
