import type {
  InteractionRecord,
  TurnWrite,
} from '../../src/interactions/model/interaction.model.js';
import type { TurnLog } from '../../src/persistence/turn-log.js';
import { toRow } from '../../src/persistence/turn-rows.js';

export type { TurnLog };

/** The row a turn computed from `record` appends (its kb as it was). */
export const toRowForTest = (record: InteractionRecord, write: TurnWrite) =>
  toRow(record, { record, kbJson: JSON.stringify(record.state.kb) }, write);
