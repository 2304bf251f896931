// The same process as ../name_nickname, drawn in BPMN 2.0 (process.bpmn) instead of written in
// process.json: the element ids are the activity ids, so the callbacks are the same ones.
export { default } from '../name_nickname/callbacks.js';
