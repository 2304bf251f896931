import type { QueryRunner } from 'typeorm';

/**
 * The turn-log layout, as the entities declare it (these are the statements TypeORM's schema builder
 * derives from them; a test checks that nothing is left to change). The same text suits both databases:
 * Postgres names the primary keys <table>_pkey, as the entities say.
 */
export const CREATE_INTERACTIONS = `CREATE TABLE "interactions" ("id" varchar(36) PRIMARY KEY NOT NULL, "uid" varchar(200) NOT NULL, "process" varchar(200) NOT NULL, "process_version" varchar(64) NOT NULL, "status" varchar(16) NOT NULL, "created_at" varchar(32) NOT NULL, "updated_at" varchar(32) NOT NULL)`;

export const CREATE_TURNS = `CREATE TABLE "turns" ("interaction_id" varchar(36) NOT NULL, "seq" integer NOT NULL, "message_id" varchar(200), "input" text, "reply" text NOT NULL, "activity_before" varchar(200), "state" text, "kb" text, "created_at" varchar(32) NOT NULL, PRIMARY KEY ("interaction_id", "seq"))`;

export const CREATE_USER_KNOWLEDGE = `CREATE TABLE "user_knowledge" ("uid" varchar(200) NOT NULL, "process" varchar(200) NOT NULL, "knowledge" text NOT NULL, "updated_at" varchar(32) NOT NULL, PRIMARY KEY ("uid", "process"))`;

export async function createInteractionIndexes(db: QueryRunner): Promise<void> {
  await db.query(`CREATE INDEX "interactions_updated_at" ON "interactions" ("updated_at", "id")`);
  await db.query(`CREATE INDEX "interactions_uid_process" ON "interactions" ("uid", "process")`);
}

/** Idempotent retries rest on this index (NULL message ids are all distinct). */
export const CREATE_TURNS_MESSAGE_ID = `CREATE UNIQUE INDEX "turns_message_id" ON "turns" ("interaction_id", "message_id")`;

/**
 * Copies the old transcript into the turn log. Only the last turn of each interaction gets the state and
 * the kb (the old layout kept only the latest state, on the interaction row); `state` and `kb` are the SQL
 * expressions that build them from the old interaction row `i`, `createdAt` that of the turn `t`'s time.
 */
export const copyTranscript = (state: string, kb: string, createdAt: string): string => `
  INSERT INTO "turns" ("interaction_id", "seq", "message_id", "input", "reply", "activity_before", "state", "kb", "created_at")
  SELECT t.interaction_id, t.seq, t.message_id, t.input, t.reply, t.activity_before,
         CASE WHEN t.seq = i.last_seq THEN ${state} END,
         CASE WHEN t.seq = i.last_seq THEN ${kb} END,
         ${createdAt}
  FROM transcript t JOIN interactions i ON i.id = t.interaction_id`;

export const IRREVERSIBLE =
  'the turn-log migration is not reversible: the old layout kept no state per turn; restore a backup instead';
