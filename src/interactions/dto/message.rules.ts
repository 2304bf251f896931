/**
 * What a message is allowed to be: the limits and the message for each way of breaking them. MessageDto
 * documents them (OpenAPI); the compiled check in conversation/message-check.ts enforces them.
 */
export const MESSAGE_TYPES = ['utterance', 'data'] as const;
export const MAX_UTTERANCE_CHARS = 10_000;
export const MAX_MESSAGE_ID_CHARS = 200;

export const MESSAGE_PROBLEMS = {
  type: '"type" must be "utterance" (text) or "data" (a payload object)',
  utterance: '"utterance" must be a string: the text the user wrote',
  utteranceLength: `"utterance" must be at most ${MAX_UTTERANCE_CHARS} characters`,
  payload: '"payload" must be a JSON object, e.g. {"my_activity": "my_data"}',
  id: '"id" must be a string: your id for this message, to retry it safely',
  idLength: `"id" must be 1 to ${MAX_MESSAGE_ID_CHARS} characters`,
} as const;
