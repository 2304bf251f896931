import type { QueryRunner } from 'typeorm';

/**
 * What the analytics and the console read from the turn log, added to both databases alike: per turn the
 * activity it reached, what kind of turn it was and whether the NLU found no intent; the steps that failed
 * (they commit no turn, so they are kept beside the log); the indexes the analytics query needs.
 * `activityAfter` is the SQL that reads the reached activity out of a stored reply, for the turns before.
 */
export async function addTurnAnalytics(db: QueryRunner, activityAfter: string): Promise<void> {
  await db.query(`ALTER TABLE "turns" ADD COLUMN "activity_after" varchar(200)`);
  await db.query(`ALTER TABLE "turns" ADD COLUMN "outcome" varchar(16)`);
  await db.query(`ALTER TABLE "turns" ADD COLUMN "no_intent" smallint`);
  await db.query(`UPDATE "turns" SET "activity_after" = ${activityAfter}`);
  await db.query(`UPDATE "turns" SET "outcome" = CASE
    WHEN "activity_before" IS NULL THEN 'start'
    WHEN "activity_before" = "activity_after" THEN 'stayed' ELSE 'moved' END`);
  await db.query(CREATE_STEP_FAILURES);
  await db.query(
    `CREATE INDEX "step_failures_interaction" ON "step_failures" ("interaction_id", "activity")`,
  );
  await db.query(
    `CREATE INDEX "interactions_process_created" ON "interactions" ("process", "created_at")`,
  );
  await db.query(TURNS_ANALYTICS_INDEX);
}

/**
 * The turn log's analytics columns in key order, apart from the wide JSON ones: the analytics read this
 * instead of the table (an index-only scan on Postgres), already sorted for their window over each interaction.
 */
export const TURNS_ANALYTICS_INDEX = `CREATE INDEX "turns_analytics" ON "turns" ("interaction_id", "seq", "activity_before", "activity_after", "outcome", "no_intent", "created_at")`;

export const CREATE_STEP_FAILURES = `CREATE TABLE "step_failures" ("id" varchar(36) PRIMARY KEY NOT NULL, "interaction_id" varchar(36) NOT NULL, "activity" varchar(200) NOT NULL, "code" varchar(32) NOT NULL, "created_at" varchar(32) NOT NULL)`;

export async function dropTurnAnalytics(db: QueryRunner): Promise<void> {
  await db.query(`DROP INDEX "turns_analytics"`);
  await db.query(`DROP INDEX "interactions_process_created"`);
  await db.query(`DROP TABLE "step_failures"`);
  for (const column of ['no_intent', 'outcome', 'activity_after'])
    await db.query(`ALTER TABLE "turns" DROP COLUMN "${column}"`);
}
