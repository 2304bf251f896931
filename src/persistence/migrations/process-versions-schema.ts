import type { QueryRunner } from 'typeorm';

/**
 * Process versions: the table of every version's files, and on each turn the version it ran on (as the
 * entities declare them; the same text suits both databases).
 */
export async function createProcessVersions(db: QueryRunner): Promise<void> {
  await db.query(
    `CREATE TABLE "process_versions" ("process" varchar(200) NOT NULL, "number" integer NOT NULL, "hash" varchar(64) NOT NULL, "files" text NOT NULL, "bytes" integer NOT NULL, "published_at" varchar(32) NOT NULL, "published_by" varchar(32) NOT NULL, CONSTRAINT "process_versions_pkey" PRIMARY KEY ("process", "number"))`,
  );
  await db.query(`CREATE INDEX "process_versions_hash" ON "process_versions" ("process", "hash")`);
  // Turns stored before keep null: they ran on the interaction's first version (interactions.process_version).
  await db.query(`ALTER TABLE "turns" ADD COLUMN "process_version" varchar(64)`);
}

export async function dropProcessVersions(db: QueryRunner): Promise<void> {
  await db.query(`ALTER TABLE "turns" DROP COLUMN "process_version"`);
  await db.query(`DROP TABLE "process_versions"`);
}
