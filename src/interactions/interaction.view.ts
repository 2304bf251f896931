import type { JsonObject } from '../engine/index.js';
import type { InteractionRecord, InteractionStatus } from './model/interaction.model.js';
import type { ProcessEngine } from '../processes/process-engine.service.js';

/** What GET /interactions/:id shows the interaction's owner. */
export interface InteractionView {
  interaction: string;
  uid: string;
  process: string;
  /** `stale` when the process changed and no longer has the activity the interaction is at. */
  status: InteractionStatus | 'stale';
  activity: string;
  context: JsonObject;
  processVersion: string;
  /** Why the interaction cannot go on, when it cannot. */
  problem?: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * An interaction carries on with a changed process while its current activity still exists; when the
 * activity (or the whole process) is gone, it is stale and the problem says why.
 */
export function describeInteraction(
  record: InteractionRecord,
  registry: ProcessEngine,
): InteractionView {
  const view: InteractionView = {
    interaction: record.id,
    uid: record.uid,
    process: record.process,
    status: record.status,
    activity: record.state.current,
    context: record.state.context,
    processVersion: record.processVersion,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
  const live = registry.list().find((p) => p.name === record.process);
  if (live === undefined) {
    return {
      ...view,
      status: 'stale',
      problem: `the process "${record.process}" is no longer loaded`,
    };
  }
  if (!live.definition.activities.has(record.state.current)) {
    return {
      ...view,
      status: 'stale',
      problem:
        `the process "${record.process}" changed (version ${record.processVersion} → ${live.version}) and no longer ` +
        `has the activity "${record.state.current}" this interaction is at`,
    };
  }
  return view;
}
