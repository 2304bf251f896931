import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { JsonObject } from '../../engine/index.js';

/** What one user's finished interactions of one process saved into its kb. */
@Entity('user_knowledge')
export class UserKnowledgeEntity {
  @PrimaryColumn({
    type: 'varchar',
    length: 200,
    primaryKeyConstraintName: 'user_knowledge_pkey',
  })
  uid!: string;

  @PrimaryColumn({
    type: 'varchar',
    length: 200,
    primaryKeyConstraintName: 'user_knowledge_pkey',
  })
  process!: string;

  @Column({ type: 'simple-json' })
  knowledge!: JsonObject;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt!: string;
}
