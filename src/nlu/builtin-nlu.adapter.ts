import { containerBootstrap } from '@nlpjs/core';
import { LangEn } from '@nlpjs/lang-en-min';
import { Nlp } from '@nlpjs/nlp';
import {
  explanationToData,
  type JsonObject,
  type NluAdapter,
  type NluExplanation,
} from '../engine/index.js';
import type { TrainingData } from './rasa-training-data.js';

export interface BuiltinSettings {
  /** Below this confidence the result is "no intent" (intent ""). */
  readonly threshold: number;
}

interface NlpResult {
  intent: string;
  score: number;
  entities: {
    entity: string;
    option?: string;
    type?: string;
    utteranceText?: string;
    sourceText?: string;
  }[];
}

interface NlpEngine {
  forceNER: boolean;
  settings: Record<string, unknown>;
  addLanguage(locale: string): void;
  addDocument(locale: string, utterance: string, intent: string): void;
  addNerRuleOptionTexts(locale: string, entity: string, option: string, texts: string[]): void;
  addNerAfterLastCondition(locale: string, entity: string, words: string[]): void;
  train(): Promise<void>;
  process(locale: string, utterance: string, context: object): Promise<NlpResult>;
}

/** Letters and digits, with apostrophes inside words ("I'm" is one word). */
const WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu;

/**
 * Understands text without any other service: an nlp.js model trained at boot from Rasa-format data.
 * Intents are classified by nlp.js's neural network. Entities of closed sets (a lookup table, or short
 * values) are matched with their synonyms; open-text entities (an address) are taken after the words that
 * precede them in the examples, and only kept for the intents they were annotated in.
 */
export class BuiltinNluAdapter implements NluAdapter {
  readonly kind = 'builtin';

  private constructor(
    private readonly nlp: NlpEngine,
    private readonly settings: BuiltinSettings,
    private readonly openEntityIntents: ReadonlyMap<string, ReadonlySet<string>>,
  ) {}

  static async train(data: TrainingData, settings: BuiltinSettings): Promise<BuiltinNluAdapter> {
    const container = await containerBootstrap();
    // nlp.js registers its defaults without overriding ours: this one turns off its training log.
    container.registerConfiguration(
      'nlu-??',
      {
        keepStopwords: true,
        nonefeatureValue: 1,
        nonedeltaMultiplier: 1.2,
        spellCheck: false,
        spellCheckDistance: 1,
        filterZeros: true,
        log: false,
      },
      true,
    );
    container.use(Nlp);
    container.use(LangEn);
    const nlp = container.get('nlp') as NlpEngine;
    nlp.settings.autoSave = false;
    nlp.forceNER = true;
    nlp.addLanguage('en');

    const closed = new Map<string, Map<string, Set<string>>>(); // entity → value → surfaces
    const open = new Map<string, { words: Set<string>; intents: Set<string> }>();
    const addSurface = (entity: string, value: string, surface: string) => {
      const values = closed.get(entity) ?? new Map<string, Set<string>>();
      closed.set(entity, values);
      const surfaces = values.get(value) ?? new Set<string>();
      values.set(value, surfaces);
      surfaces.add(surface.toLowerCase()).add(value.toLowerCase());
    };
    const isOpen = (entity: string) =>
      !data.lookups.has(entity) &&
      annotations(data, entity).some((a) => (a.text.match(WORD) ?? []).length > 2);

    for (const [intent, examples] of data.intents) {
      for (const example of examples) {
        nlp.addDocument('en', example.text, intent);
        for (const annotation of example.entities) {
          if (isOpen(annotation.entity)) {
            const before = example.text.slice(0, annotation.start).match(WORD)?.at(-1);
            const entry = open.get(annotation.entity) ?? {
              words: new Set<string>(),
              intents: new Set<string>(),
            };
            open.set(annotation.entity, entry);
            if (before !== undefined) entry.words.add(before.toLowerCase());
            entry.intents.add(intent);
          } else {
            addSurface(annotation.entity, annotation.value, annotation.text);
          }
        }
      }
    }
    for (const [entity, values] of data.lookups)
      for (const value of values)
        addSurface(entity, data.synonyms.get(value.toLowerCase()) ?? value, value);
    for (const [surface, value] of data.synonyms) {
      for (const [entity, values] of closed)
        if (values.has(value)) addSurface(entity, value, surface);
    }
    for (const [entity, values] of closed) {
      for (const [value, surfaces] of values)
        nlp.addNerRuleOptionTexts('en', entity, value, [...surfaces]);
    }
    for (const [entity, { words }] of open) nlp.addNerAfterLastCondition('en', entity, [...words]);
    await nlp.train();
    return new BuiltinNluAdapter(
      nlp,
      settings,
      new Map([...open].map(([entity, { intents }]) => [entity, intents])),
    );
  }

  async parse(text: string): Promise<JsonObject> {
    return explanationToData(await this.explain(text));
  }

  async explain(text: string): Promise<NluExplanation> {
    // A fresh context each time: one user's words never influence another's parse.
    const result = await this.nlp.process('en', text, {});
    const understood = result.intent !== 'None' && result.score >= this.settings.threshold;
    const intent = understood ? result.intent : '';
    const words = new Set((text.toLowerCase().match(WORD) ?? []).map((w) => w));
    const entities: NluExplanation['entities'] = [];
    for (const found of result.entities) {
      const intents = this.openEntityIntents.get(found.entity);
      if (intents !== undefined) {
        const value = (found.sourceText ?? found.utteranceText ?? '').trim();
        if (value !== '' && intents.has(intent)) entities.push({ entity: found.entity, value });
      } else if (found.option !== undefined && wholeWords(found.utteranceText ?? '', words)) {
        // Closed sets are matched on whole words only ("I'm" does not hold the size "M").
        entities.push({ entity: found.entity, value: found.option });
      }
    }
    return { intent, confidence: Math.round(result.score * 1000) / 1000, entities };
  }
}

const annotations = (data: TrainingData, entity: string) =>
  [...data.intents.values()].flatMap((examples) =>
    examples.flatMap((e) => e.entities.filter((a) => a.entity === entity)),
  );

const wholeWords = (matched: string, words: ReadonlySet<string>): boolean =>
  (matched.toLowerCase().match(WORD) ?? []).every((w) => words.has(w));
