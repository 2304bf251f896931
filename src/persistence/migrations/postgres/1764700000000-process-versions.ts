import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createProcessVersions, dropProcessVersions } from '../process-versions-schema.js';

export class ProcessVersions1764700000000 implements MigrationInterface {
  name = 'ProcessVersions1764700000000';

  up(db: QueryRunner): Promise<void> {
    return createProcessVersions(db);
  }

  down(db: QueryRunner): Promise<void> {
    return dropProcessVersions(db);
  }
}
