import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { InteractionStatus } from '../../interactions/model/interaction.model.js';

/**
 * An interaction: who owns it and its process. Written when it starts and when its status changes, never
 * per turn (its state is in its latest turn): so `updatedAt` is when the status last changed.
 * Timestamps are ISO-8601 UTC text on both databases: one declaration for both, and they sort as time.
 */
@Entity('interactions')
@Index('interactions_uid_process', ['uid', 'process'])
@Index('interactions_updated_at', ['updatedAt', 'id'])
@Index('interactions_process_created', ['process', 'createdAt'])
export class InteractionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, primaryKeyConstraintName: 'interactions_pkey' })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  uid!: string;

  @Column({ type: 'varchar', length: 200 })
  process!: string;

  @Column({ name: 'process_version', type: 'varchar', length: 64 })
  processVersion!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: InteractionStatus;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt!: string;
}
