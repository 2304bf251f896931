/**
 * What process authors import in their callbacks, e.g.
 * `import type { Callbacks } from 'mmcc-backend';` in `config/<name>/callbacks.ts`.
 */
export type { Callback, CallbackResult, Callbacks, Context, JsonObject } from './engine/types.js';
export { button, keepChoices, page, type Button } from './engine/choices.js';
