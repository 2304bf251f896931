import type { JsonObject, NluAdapter, NluExplanation } from '../engine/index.js';

/** The reference's NoNluAdapter: the text becomes the value of every configured key. */
export class KeysNluAdapter implements NluAdapter {
  readonly kind = 'keys';
  private readonly keys: readonly string[];

  /** The keys the callbacks read; a process without NLU settings gets the single key "text". */
  constructor(keys: readonly string[] = ['text']) {
    this.keys = [...keys];
  }

  parse(text: string): Promise<JsonObject> {
    return Promise.resolve(Object.fromEntries(this.keys.map((key) => [key, text])));
  }

  explain(text: string): Promise<NluExplanation> {
    return Promise.resolve({
      intent: '',
      confidence: null,
      entities: this.keys.map((entity) => ({ entity, value: text })),
    });
  }
}
