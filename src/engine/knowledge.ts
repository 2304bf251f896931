import type { JsonObject } from './types.js';

/**
 * What an interaction taught the kb: the top-level keys whose values differ from the process's own
 * kb. Stored per user and process when an interaction reaches an END.
 */
export function knowledgeChanges(processKb: JsonObject, kb: JsonObject): JsonObject {
  const changes: JsonObject = {};
  for (const [key, value] of Object.entries(kb)) {
    if (
      !Object.hasOwn(processKb, key) ||
      JSON.stringify(processKb[key]) !== JSON.stringify(value)
    ) {
      changes[key] = value;
    }
  }
  return changes;
}

/** The kb a new interaction starts from: the process's kb with the user's saved changes on top. */
export function kbForUser(processKb: JsonObject, saved: JsonObject | undefined): JsonObject {
  return { ...structuredClone(processKb), ...structuredClone(saved ?? {}) };
}
