import type { JsonObject } from '../engine/index.js';
import type { InteractionRecord, InteractionStatus } from './model/interaction.model.js';
import type { ProcessEngine } from '../processes/process-engine.service.js';
import { UnknownProcessError } from '../processes/process-errors.js';

/** What GET /interactions/:id shows the interaction's owner. */
export interface InteractionView {
  interaction: string;
  uid: string;
  process: string;
  /** `stale` when the interaction cannot go on: its process is gone, or its version lacks its activity. */
  status: InteractionStatus | 'stale';
  activity: string;
  context: JsonObject;
  /** The version of the process the interaction runs on (its hash), and that version's number. */
  processVersion: string;
  versionNumber: number | null;
  /** Why the interaction cannot go on, when it cannot. */
  problem?: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * An interaction runs on the version of its process it is pinned to. Only one started before versions were
 * kept runs on the current version, and is stale when that version no longer has its activity.
 */
export async function describeInteraction(
  record: InteractionRecord,
  engine: ProcessEngine,
): Promise<InteractionView> {
  const view: InteractionView = {
    interaction: record.id,
    uid: record.uid,
    process: record.process,
    status: record.status,
    activity: record.state.current,
    context: record.state.context,
    processVersion: record.processVersion,
    versionNumber: null,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
  let process;
  try {
    process = await engine.version(record.process, record.processVersion);
  } catch (error) {
    if (!(error instanceof UnknownProcessError)) throw error;
    return {
      ...view,
      status: 'stale',
      problem: `the process "${record.process}" is no longer loaded`,
    };
  }
  const number = engine.catalog.info(record.process, record.processVersion)?.number ?? null;
  if (!process.definition.activities.has(record.state.current)) {
    return {
      ...view,
      versionNumber: number,
      status: 'stale',
      problem:
        `the process "${record.process}" changed (version ${record.processVersion} → ${process.version}) and no longer ` +
        `has the activity "${record.state.current}" this interaction is at`,
    };
  }
  return { ...view, versionNumber: number };
}
