import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One version of a process, written once and never updated: its files whole (so that any server can run an
 * interaction on it after config/ has moved on), numbered 1, 2, 3... per process in the order published.
 */
@Entity('process_versions')
@Index('process_versions_hash', ['process', 'hash'])
export class ProcessVersionEntity {
  @PrimaryColumn({
    type: 'varchar',
    length: 200,
    primaryKeyConstraintName: 'process_versions_pkey',
  })
  process!: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'process_versions_pkey' })
  number!: number;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;

  /** The snapshot: its files (contents base64), the process folder among them, their module type; JSON text. */
  @Column({ type: 'text' })
  files!: string;

  @Column({ type: 'integer' })
  bytes!: number;

  @Column({ name: 'published_at', type: 'varchar', length: 32 })
  publishedAt!: string;

  /** What published it: boot, reload (the admin route) or watch (the dev watcher). */
  @Column({ name: 'published_by', type: 'varchar', length: 32 })
  publishedBy!: string;
}
