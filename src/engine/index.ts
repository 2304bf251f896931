export * from './types.js';
export * from './errors.js';
export { parseProcess } from './process-parser.js';
export { checkCallbacks, type CheckedCallbacks } from './callbacks.js';
export { checkCallbackResult } from './callback-result.js';
export {
  initialState,
  start,
  step,
  type RunnableProcess,
  type StepOptions,
  type StateJson,
  type StepOutcome,
} from './step.js';
export { knowledgeChanges, kbForUser } from './knowledge.js';
export {
  explanationToData,
  type NluAdapter,
  type NluEntity,
  type NluExplanation,
  type ParseOptions,
} from './nlu-adapter.js';
export { describe, isPlainObject, toJson } from './json.js';
export { parseBpmnProcess, type BpmnProcess } from './bpmn/parse-bpmn.js';
export { exportBpmn } from './bpmn/bpmn-export.js';
export { withKeys } from './with-keys.js';
