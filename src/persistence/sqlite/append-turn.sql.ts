import type { DataSource, EntityMetadata } from 'typeorm';
import { InteractionEntity, TurnEntity, UserKnowledgeEntity } from '../entities/index.js';

/**
 * The statements of one turn on SQLite, with table and column names from the entities. A new interaction's
 * row goes first (unless it is there: then its first turn is too); the turn is inserted unless its
 * (interaction, seq) or (interaction, message id) is taken; only then the rest.
 */
export function appendTurnStatements(dataSource: DataSource) {
  const names = (entity: Function, ...properties: string[]) => {
    const meta: EntityMetadata = dataSource.getMetadata(entity);
    return {
      table: `"${meta.tableName}"`,
      columns: properties.map((p) => `"${meta.findColumnWithPropertyName(p)!.databaseName}"`),
    };
  };
  const turns = names(
    TurnEntity,
    'interactionId',
    'seq',
    'messageId',
    'input',
    'reply',
    'activityBefore',
    'activityAfter',
    'outcome',
    'noIntent',
    'state',
    'processVersion',
    'kb',
    'createdAt',
  );
  const interactions = names(
    InteractionEntity,
    'id',
    'uid',
    'process',
    'processVersion',
    'status',
    'createdAt',
    'updatedAt',
  );
  const knowledge = names(UserKnowledgeEntity, 'uid', 'process', 'knowledge', 'updatedAt');
  const slots = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  const [id, , , , status, , updatedAt] = interactions.columns;
  const [kUid, kProcess, kKnowledge, kUpdatedAt] = knowledge.columns;
  return {
    insertTurn: `INSERT INTO ${turns.table} (${turns.columns.join(', ')}) VALUES (${slots(13)}) ON CONFLICT DO NOTHING`,
    insertInteraction: `INSERT INTO ${interactions.table} (${interactions.columns.join(', ')}) VALUES (${slots(7)}) ON CONFLICT DO NOTHING`,
    updateStatus: `UPDATE ${interactions.table} SET ${status} = ?, ${updatedAt} = ? WHERE ${id} = ?`,
    saveKnowledge: `INSERT INTO ${knowledge.table} (${knowledge.columns.join(', ')}) VALUES (${slots(4)})
      ON CONFLICT (${kUid}, ${kProcess}) DO UPDATE SET ${kKnowledge} = excluded.${kKnowledge}, ${kUpdatedAt} = excluded.${kUpdatedAt}`,
  };
}
