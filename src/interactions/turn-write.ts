import { type Input, knowledgeChanges, type StepOutcome } from '../engine/index.js';
import type { LoadedProcess } from '../processes/loaded-process.js';
import type { InteractionStatus, StoredReply, TurnWrite } from './model/interaction.model.js';

/** Where a turn starts: its seq, the client's input and message id, and the activity it leaves. */
export interface TurnStart {
  readonly seq: number;
  readonly input: Input | null;
  readonly messageId: string | null;
  readonly activityBefore: string | null;
}

/** What a step's outcome commits: the new state, its status, the transcript entry and, at an END, the knowledge. */
export function toWrite(process: LoadedProcess, outcome: StepOutcome, start: TurnStart): TurnWrite {
  const { state } = outcome;
  const { seq, input, messageId, activityBefore } = start;
  const ended = process.definition.activities.get(state.current)?.type === 'END';
  const status: InteractionStatus = ended ? 'completed' : outcome.handoff ? 'handoff' : 'active';
  // (the engine's reply is these two keys; a spread adding the others would be a slow copy)
  const reply: StoredReply = {
    utterance: outcome.reply.utterance,
    payload: outcome.reply.payload,
    seq,
    activity: state.current,
    status,
    version: process.version,
  };
  return {
    state,
    processVersion: process.version,
    status,
    entry: { seq, messageId, input, reply, activityBefore, activityAfter: state.current },
    knowledge: outcome.reachedEnd ? knowledgeChanges(process.kb, state.kb) : undefined,
    noIntent: outcome.noIntent,
    stateJson: outcome.stateJson,
    outcome: outcome.handoff
      ? 'handoff'
      : ended && activityBefore === state.current
        ? 'ended'
        : undefined,
  };
}
