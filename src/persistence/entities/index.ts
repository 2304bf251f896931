import { InteractionEntity } from './interaction.entity.js';
import { ProcessVersionEntity } from './process-version.entity.js';
import { StepFailureEntity } from './step-failure.entity.js';
import { TurnEntity } from './turn.entity.js';
import { UserKnowledgeEntity } from './user-knowledge.entity.js';

export {
  InteractionEntity,
  ProcessVersionEntity,
  StepFailureEntity,
  TurnEntity,
  UserKnowledgeEntity,
};

/** Every entity: the schema, as the migrations create it. */
export const ENTITIES = [
  InteractionEntity,
  TurnEntity,
  UserKnowledgeEntity,
  ProcessVersionEntity,
  StepFailureEntity,
];
