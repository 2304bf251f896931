import type { InteractionState } from '../../engine/index.js';
import type {
  InteractionRecord,
  InteractionStatus,
  TurnOutcome,
  TurnWrite,
} from '../model/interaction.model.js';

/**
 * A turn of a human takeover: no input, no step; the interaction's state (or, on release, its activity) as
 * the operator leaves it, and a reply: an operator's words (marked `from: "operator"`), or, on release to
 * another activity, that activity's kb phrase.
 */
export function takeoverTurn(
  interaction: InteractionRecord,
  change: {
    outcome: TurnOutcome;
    status: InteractionStatus;
    utterance?: string;
    fromOperator?: boolean;
    state?: InteractionState;
  },
): TurnWrite {
  const seq = interaction.lastSeq + 1;
  const state = change.state ?? interaction.state;
  const { status } = change;
  return {
    state,
    status,
    processVersion: interaction.processVersion,
    outcome: change.outcome,
    entry: {
      seq,
      messageId: null,
      input: null,
      reply: {
        utterance: change.utterance ?? '',
        payload: {},
        seq,
        activity: state.current,
        status,
        version: interaction.processVersion,
        ...(change.fromOperator === true ? { from: 'operator' as const } : {}),
      },
      activityBefore: interaction.state.current,
      activityAfter: state.current,
    },
  };
}
