/** A JSON object as the engine stores it: what process authors read and write in callbacks. */
export type JsonObject = Record<string, unknown>;

export const ACTIVITY_TYPES = ['START', 'TASK', 'END', 'XOR', 'OR', 'PARALLEL'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export type GatewayType = 'XOR' | 'OR' | 'PARALLEL';

export const isGatewayType = (type: ActivityType): type is GatewayType =>
  type === 'XOR' || type === 'OR' || type === 'PARALLEL';

/** One validated activity of a process. `choices` is empty for activities that are not gateways. */
export interface Activity {
  readonly id: string;
  readonly type: ActivityType;
  readonly next: string | null;
  readonly choices: readonly string[];
}

/** A validated process.json: every reference in it names an existing activity. */
export interface ProcessDefinition {
  readonly first: string;
  readonly activities: ReadonlyMap<string, Activity>;
  /** Things that are legal but probably mistakes, such as activities that no path reaches. */
  readonly warnings: readonly string[];
}

/** The key of the context where the engine lists the OR / PARALLEL gateways that are complete. */
export const DONE_KEY = '_done_';

/** What a callback sees as its context: any JSON, plus the completed gateways that the engine keeps. */
export type Context = JsonObject & { [DONE_KEY]: string[] };

/** The whole run-time state of one interaction; plain JSON, so it can be stored as it is. */
export interface InteractionState {
  current: string;
  stack: (string | null)[];
  done: Record<string, string[]>;
  context: Context;
  kb: JsonObject;
}

/** An input from the user, in the reference's message shape: text for the NLU, or structured data. */
export type Input =
  { type: 'utterance'; utterance: string } | { type: 'data'; payload: JsonObject };

/** What every step answers. */
export interface Reply {
  utterance: string;
  payload: JsonObject;
}

/** What a callback returns (or resolves to). */
export interface CallbackResult {
  /** Whether the current activity is complete; if so, the engine moves on. */
  complete: boolean;
  /** Said to the user; the default utterance of the next activity is appended on a new line. */
  utterance?: string;
  /** Sent to the page as it is (what to show, which buttons to enable...). */
  payload?: JsonObject;
  /** For gateways: the id of the chosen branch; for OR / PARALLEL, null leaves the gateway. */
  choice?: string | null;
  /** When given, replaces the knowledge base passed in. */
  kb?: JsonObject;
  /** When given, replaces the context passed in (the engine keeps `_done_` either way). */
  context?: JsonObject;
  /**
   * True asks for a person: the interaction stays at this activity and waits, in the console's queue, for an
   * operator to take it over (the process does not step until one releases it). `complete` is then ignored.
   */
  handoff?: boolean;
}

/**
 * The callback of one activity. It may change `kb` and `context` in place, and may be async
 * (for example to call a web service).
 */
export type Callback = (
  data: JsonObject,
  kb: JsonObject,
  context: Context,
) => CallbackResult | Promise<CallbackResult>;

/** What `callbacks.ts` default-exports: one callback per activity that is not an END. */
export type Callbacks = Record<string, Callback>;
