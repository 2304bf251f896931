import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createInitialSchema, dropInitialSchema } from '../initial-schema.js';

export class Initial1763900000000 implements MigrationInterface {
  name = 'Initial1763900000000';

  up(db: QueryRunner): Promise<void> {
    return createInitialSchema(db, { json: 'jsonb', timestamp: 'timestamptz' });
  }

  down(db: QueryRunner): Promise<void> {
    return dropInitialSchema(db);
  }
}
