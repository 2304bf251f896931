import { withKeys } from '../../engine/index.js';
import {
  explanationToData,
  type JsonObject,
  type NluAdapter,
  type NluExplanation,
  type ParseOptions,
} from '../../engine/index.js';
import { isTimeZone } from './datetime.recogniser.js';
import type { EntityType } from './entity-types.js';
import { findDeclared } from './typed-entities.js';

export interface TypedEntitySettings {
  /** Entity name → type, as declared in nlu.json's "entities". */
  readonly entities: ReadonlyMap<string, EntityType>;
  /** The zone dates are read in when the interaction names none (nlu.json's "timeZone", else the server's). */
  readonly timeZone: string;
  /** The country of phone numbers written without a country code (nlu.json's "country"). */
  readonly country: string | undefined;
  /** The clock "today" is read from (a test sets it). */
  readonly now?: () => Date;
  /** Only the first this many characters are read (the server's NLU_MAX_TEXT_CHARS). */
  readonly maxTextChars?: number;
}

/**
 * Adds the declared typed entities to what an adapter understood, found in any text whether or not the training
 * data marks them. A typed entity replaces what the inner adapter found under the same name, so a callback gets
 * `party_size: 4`, not `"four"`.
 */
export class TypedEntitiesAdapter implements NluAdapter {
  constructor(
    private readonly inner: NluAdapter,
    private readonly settings: TypedEntitySettings,
  ) {}

  get kind(): string {
    return this.inner.kind;
  }

  /** The same typed entities around another adapter (the inner one, bounded), reading at most maxTextChars. */
  around(wrap: (inner: NluAdapter) => NluAdapter, maxTextChars: number): TypedEntitiesAdapter {
    return new TypedEntitiesAdapter(wrap(this.inner), { ...this.settings, maxTextChars });
  }

  async parse(text: string, options?: ParseOptions): Promise<JsonObject> {
    const data = await this.inner.parse(text, options);
    const explanation = this.withTyped(
      {
        intent: typeof data.intent === 'string' ? data.intent : '',
        confidence: null,
        entities: Array.isArray(data.entities) ? (data.entities as NluExplanation['entities']) : [],
      },
      text,
      options?.timeZone,
    );
    // The inner adapter's own keys (the keys adapter's "text", Rasa's extras) stay; typed values win.
    const typed = explanationToData(explanation);
    for (const name of this.settings.entities.keys())
      if (!Object.hasOwn(typed, name)) delete data[name];
    return withKeys(data, typed);
  }

  async explain(text: string, options?: ParseOptions): Promise<NluExplanation> {
    return this.withTyped(await this.inner.explain(text), text, options?.timeZone);
  }

  private withTyped(explanation: NluExplanation, text: string, timeZone?: string): NluExplanation {
    const read = text.slice(0, this.settings.maxTextChars ?? text.length);
    const typed = findDeclared(read, this.settings.entities, {
      now: this.settings.now?.() ?? new Date(),
      timeZone: timeZone !== undefined && isTimeZone(timeZone) ? timeZone : this.settings.timeZone,
      country: this.settings.country,
    });
    const others = explanation.entities.filter((e) => !this.settings.entities.has(e.entity));
    return {
      ...explanation,
      entities: [...others, ...typed].sort((a, b) => (a.start ?? 0) - (b.start ?? 0)),
    };
  }
}
