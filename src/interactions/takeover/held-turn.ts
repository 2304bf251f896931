import type { Input } from '../../engine/index.js';
import type { InteractionRecord, TurnWrite } from '../model/interaction.model.js';

/** While a person holds the interaction (or it waits for one), the process does not step. */
export const isHeld = (interaction: Pick<InteractionRecord, 'status'>): boolean =>
  interaction.status === 'held' || interaction.status === 'handoff';

/**
 * A user's message to a held interaction: recorded in the transcript (the operator sees it live), the state
 * left as it is, and an empty reply (the answer is the operator's to give).
 */
export function heldTurn(
  interaction: InteractionRecord,
  input: Input,
  messageId: string | null,
): TurnWrite {
  const seq = interaction.lastSeq + 1;
  const activity = interaction.state.current;
  const { status } = interaction;
  return {
    state: interaction.state,
    status,
    processVersion: interaction.processVersion,
    outcome: 'held',
    entry: {
      seq,
      messageId,
      input,
      reply: {
        utterance: '',
        payload: {},
        seq,
        activity,
        status,
        version: interaction.processVersion,
      },
      activityBefore: activity,
      activityAfter: activity,
    },
  };
}
