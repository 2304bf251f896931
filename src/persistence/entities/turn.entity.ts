import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Input, InteractionState, JsonObject } from '../../engine/index.js';
import type { StoredReply, TurnOutcome } from '../../interactions/model/interaction.model.js';

/** The state a turn leaves, without the kb (stored only when the turn changed it). */
export type TurnState = Omit<InteractionState, 'kb'>;

/**
 * One turn, appended and never updated. Its primary key is the fence between servers: two turns computed
 * from the same seq cannot both commit. Its unique message id makes a client's retry idempotent.
 * JSON is stored as text: the database never looks inside it, and text costs it no parsing.
 */
@Entity('turns')
@Index('turns_message_id', ['interactionId', 'messageId'], { unique: true })
export class TurnEntity {
  @PrimaryColumn({
    name: 'interaction_id',
    type: 'varchar',
    length: 36,
    primaryKeyConstraintName: 'turns_pkey',
  })
  interactionId!: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'turns_pkey' })
  seq!: number;

  @Column({ name: 'message_id', type: 'varchar', length: 200, nullable: true })
  messageId!: string | null;

  @Column({ type: 'simple-json', nullable: true })
  input!: Input | null;

  @Column({ type: 'simple-json' })
  reply!: StoredReply;

  @Column({ name: 'activity_before', type: 'varchar', length: 200, nullable: true })
  activityBefore!: string | null;

  /** The activity the turn left the interaction at (null only on turns stored before the analytics migration's backfill). */
  @Column({ name: 'activity_after', type: 'varchar', length: 200, nullable: true })
  activityAfter!: string | null;

  /** What kind of turn it was, for the analytics and the console (see TurnOutcome). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  outcome!: TurnOutcome | null;

  /** 1 when the NLU found no intent in the turn's text. */
  @Column({ name: 'no_intent', type: 'smallint', nullable: true })
  noIntent!: number | null;

  /** The state after the turn (null only on turns stored before this table: their state was not kept). */
  @Column({ type: 'simple-json', nullable: true })
  state!: TurnState | null;

  /** The kb after the turn, when the turn changed it; the latest non-null one is the interaction's kb. */
  @Column({ type: 'simple-json', nullable: true })
  kb!: JsonObject | null;

  /** The version of the process the turn ran on (null on turns stored before versions were kept). */
  @Column({ name: 'process_version', type: 'varchar', length: 64, nullable: true })
  processVersion!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;
}
