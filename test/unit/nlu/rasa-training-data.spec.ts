import { ProcessConfigError } from '../../../src/engine/index.js';
import { parseRasaNlu } from '../../../src/nlu/rasa-training-data.js';

const DATA = `
version: "3.1"
nlu:
- intent: order
  examples: |
    - I want a [cap](item)
    - a [hoodie](item) in [gray](color)
    - ship to [Via Roma 1](address:home)
    - the [grey]{"entity": "color", "value": "grey"} one
- synonym: sweatshirt
  examples: |
    - hoodie
- synonym: grey
  examples: |
    - gray
- lookup: item
  examples: |
    - cap
    - sweatshirt
`;

describe(parseRasaNlu.name, () => {
  it('reads intents, entity annotations in all three forms, synonyms and lookup tables', () => {
    const data = parseRasaNlu(DATA, 'nlu.yml');
    const examples = data.intents.get('order')!;
    expect(examples.map((e) => e.text)).toEqual([
      'I want a cap',
      'a hoodie in gray',
      'ship to Via Roma 1',
      'the grey one',
    ]);
    expect(examples[1].entities).toEqual([
      { entity: 'item', value: 'sweatshirt', text: 'hoodie', start: 2 },
      { entity: 'color', value: 'grey', text: 'gray', start: 12 },
    ]);
    expect(examples[2].entities[0]).toMatchObject({
      entity: 'address',
      value: 'home',
      text: 'Via Roma 1',
    });
    expect(examples[3].entities[0]).toMatchObject({ entity: 'color', value: 'grey' });
    expect(data.synonyms.get('hoodie')).toBe('sweatshirt');
    expect(data.lookups.get('item')).toEqual(['cap', 'sweatshirt']);
  });

  it.each([
    ['not YAML', 'nlu: [', /not valid YAML/],
    ['no nlu list', 'version: "3.1"', /there is no "nlu:" list/],
    ['an item without examples', 'nlu:\n- intent: x', /nlu.yml:2: intent "x" has no "examples"/],
    ['no intents', 'nlu:\n- synonym: a\n  examples: |\n    - b', /there are no intents/],
    [
      'a broken JSON annotation',
      'nlu:\n- intent: x\n  examples: |\n    - a [b]{"entity": } c',
      /intent "x": the annotation .* is not valid JSON/,
    ],
  ])('refuses %s, naming the file', (_name, source, pattern) => {
    const error = (() => {
      try {
        parseRasaNlu(source, 'config/shop/nlu.yml');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ProcessConfigError);
    expect((error as Error).message).toMatch(/^config\/shop\/nlu\.yml(:\d+)?: /);
    expect((error as Error).message).toMatch(pattern);
  });
});
