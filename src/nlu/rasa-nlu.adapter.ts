import {
  explanationToData,
  type JsonObject,
  type NluAdapter,
  NluError,
  type NluExplanation,
} from '../engine/index.js';

export interface RasaSettings {
  /** The Rasa server, e.g. http://localhost:5005 (started with `rasa run --enable-api`). */
  readonly url: string;
  readonly timeoutMs: number;
  /** Rasa's `--auth-token`, sent as the token query parameter. */
  readonly token?: string;
}

interface RasaParse {
  intent?: { name?: string | null; confidence?: number } | null;
  entities?: { entity?: string; value?: unknown; start?: unknown; end?: unknown }[];
}

/** Parses text with a Rasa server's HTTP API (`POST /model/parse`), as the reference did, but configurable. */
export class RasaNluAdapter implements NluAdapter {
  readonly kind = 'rasa';

  constructor(private readonly settings: RasaSettings) {}

  async parse(text: string, options?: { signal?: AbortSignal }): Promise<JsonObject> {
    return explanationToData(await this.explain(text, options?.signal));
  }

  async explain(text: string, signal?: AbortSignal): Promise<NluExplanation> {
    const url = new URL('/model/parse', this.settings.url);
    if (this.settings.token !== undefined) url.searchParams.set('token', this.settings.token);
    const timeout = AbortSignal.timeout(this.settings.timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
        signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
      });
    } catch (error) {
      const slow = timeout.aborted;
      throw new NluError(
        slow
          ? `the Rasa server at ${this.settings.url} did not answer within ${this.settings.timeoutMs} ms; try again`
          : `the Rasa server at ${this.settings.url} cannot be reached; try again`,
        true,
        { cause: error },
      );
    }
    if (!response.ok) {
      throw new NluError(
        `the Rasa server at ${this.settings.url} answered ${response.status}; try again`,
        response.status >= 500,
        {},
      );
    }
    const body = (await response.json().catch(() => ({}))) as RasaParse;
    const name = body.intent?.name;
    return {
      intent: typeof name === 'string' ? name : '',
      confidence: typeof body.intent?.confidence === 'number' ? body.intent.confidence : null,
      entities: (body.entities ?? [])
        .filter((e): e is typeof e & { entity: string } => typeof e.entity === 'string')
        .map(({ entity, value, start, end }) => ({
          entity,
          value: String(value),
          // The span, when Rasa gives one (its extractors do), as the built-in NLU gives it.
          ...(typeof start === 'number' && typeof end === 'number' ? { start, end } : {}),
        })),
    };
  }
}
