import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A step that failed (STEP_FAILED, NLU_FAILED): no turn commits, so the analytics count it here. */
@Entity('step_failures')
@Index('step_failures_interaction', ['interactionId', 'activity'])
export class StepFailureEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, primaryKeyConstraintName: 'step_failures_pkey' })
  id!: string;

  @Column({ name: 'interaction_id', type: 'varchar', length: 36 })
  interactionId!: string;

  @Column({ type: 'varchar', length: 200 })
  activity!: string;

  @Column({ type: 'varchar', length: 32 })
  code!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;
}
