import type { ErrorCode } from './app-error.js';

/**
 * What went wrong, said for the person in the chat: the `utterance` of an error frame on the original's
 * protocol, whose pages show every frame's utterance as a bubble (the `error` text is for developers).
 */
const UTTERANCES: Record<ErrorCode, string> = {
  BAD_MESSAGE: 'Sorry, I could not read that message.',
  UID_REQUIRED: 'Sorry, I do not know who you are yet: please reload the page.',
  SESSION_REQUIRED: 'Sorry, this conversation has expired: please reload the page.',
  UNAUTHORIZED: 'Sorry, you are not signed in: please sign in and try again.',
  AUTH_REQUIRED: 'Sorry, you are not signed in: please sign in and try again.',
  AUTH_INVALID: 'Sorry, your sign-in has expired: please sign in again.',
  FORBIDDEN: 'Sorry, this page may not talk to me.',
  CONFIG_INVALID: 'Sorry, I am not set up correctly at the moment.',
  INTERACTION_NOT_FOUND:
    'Sorry, I cannot find this conversation: please reload the page to start again.',
  UNKNOWN_PROCESS: 'Sorry, I cannot find that conversation: please reload the page.',
  NOT_FOUND: 'Sorry, I cannot find that.',
  PAYLOAD_TOO_LARGE: 'Sorry, that message is too long.',
  STEP_FAILED: 'Sorry, something went wrong with that. Please try again.',
  NLU_FAILED: 'Sorry, I could not understand that just now. Please try again in a moment.',
  ACTIVITY_NOT_FOUND:
    'Sorry, this conversation can no longer go on: please reload the page to start again.',
  PROCESS_UNAVAILABLE:
    'Sorry, this conversation can no longer go on: please reload the page to start again.',
  CONCURRENT_TURN: 'One moment please: I am still answering your previous message.',
  DATABASE_UNAVAILABLE: 'Sorry, I am having trouble right now. Please try again in a moment.',
  DATABASE_TIMEOUT: 'Sorry, I am having trouble right now. Please try again in a moment.',
  INTERACTION_BUSY: 'One moment please: I am still answering your previous messages.',
  SHUTTING_DOWN: 'I am restarting: please try again in a moment.',
  RATE_LIMITED: 'You are sending messages faster than I can answer: please wait a moment.',
  INTERNAL: 'Sorry, something went wrong on my side. Please try again.',
};

export const utteranceOf = (code: ErrorCode): string => UTTERANCES[code];
