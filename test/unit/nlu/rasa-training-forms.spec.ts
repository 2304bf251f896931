import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProcessConfigError } from '../../../src/engine/index.js';
import { BuiltinNluAdapter } from '../../../src/nlu/builtin-nlu.adapter.js';
import { parseRasaNlu } from '../../../src/nlu/rasa-training-data.js';
import { trainingWarnings } from '../../../src/nlu/training-warnings.js';

const FORMS = join(import.meta.dirname, '../../fixtures/nlu/forms');
const load = (name: string) =>
  parseRasaNlu(readFileSync(join(FORMS, name), 'utf8'), join(FORMS, name));
const refusal = (name: string, source?: string): string => {
  try {
    parseRasaNlu(source ?? readFileSync(join(FORMS, name), 'utf8'), join(FORMS, name));
  } catch (error) {
    expect(error).toBeInstanceOf(ProcessConfigError);
    return (error as Error).message;
  }
  throw new Error(`${name} was not refused`);
};
const texts = (data: ReturnType<typeof parseRasaNlu>, intent: string) =>
  data.intents.get(intent)!.map((e) => e.text);

describe('Rasa training data, in the forms Rasa reads', () => {
  it('reads Rasa 3.x YAML: "|" blocks, comments, JSON annotations with a role, synonyms, lookups, regexes, other sections passed over', async () => {
    const data = load('rasa3-block.yml');
    expect([...data.intents.keys()]).toEqual(['order', 'greet']);
    expect(texts(data, 'order')).toEqual([
      "I'd like a cap",
      'one hoodie please',
      'a beanie for my brother',
      'ship it to 92100',
    ]);
    expect(data.intents.get('order')![1].entities[0]).toMatchObject({ value: 'sweatshirt' });
    expect(data.intents.get('order')![2].entities[0]).toMatchObject({
      entity: 'item',
      value: 'beanie',
    });
    expect(data.lookups.get('item')).toEqual(['cap', 'sweatshirt', 'beanie']);
    expect(data.regexes?.get('zip')).toEqual(['\\b[0-9]{5}\\b']);
    // The regex named after the entity finds a value no example holds.
    const nlu = await BuiltinNluAdapter.train(data, { threshold: 0 });
    const { entities } = await nlu.explain('a cap, ship it to 10115 thanks');
    expect(entities).toContainEqual(expect.objectContaining({ entity: 'zip', value: '10115' }));
  });

  it('reads Rasa 2.x YAML with examples as a list of texts and of "text:" items with metadata', () => {
    const data = load('rasa2-list.yml');
    expect(texts(data, 'order')).toEqual(["I'd like a cap", 'one hoodie please']);
    expect(data.intents.get('order')![1].entities[0]).toMatchObject({
      entity: 'item',
      value: 'sweatshirt',
    });
    expect(texts(data, 'greet')).toEqual(['hello', 'hi there']);
  });

  it('reads an item whose "examples:" starts at the line\'s beginning (as the original demo\'s nlu.yml), and says so with the line', () => {
    const data = load('rasa2-stray-examples.yml');
    expect([...data.intents.keys()]).toEqual(['greet', 'give_card', 'deny']);
    expect(texts(data, 'give_card')).toEqual(['The new card is 123456', 'Use 830958 to pay']);
    expect(data.intents.get('give_card')![0].entities[0]).toMatchObject({
      entity: 'details',
      value: '123456',
    });
    const warnings = trainingWarnings(data, 'nlu.yml');
    expect(warnings.join('\n')).toMatch(
      /rasa2-stray-examples\.yml:10: "examples:" starts at the line's beginning.*"- intent: give_card".*Fix: indent it/,
    );
  });

  it('reads Rasa 1.x Markdown: sections, "*" and "-" items, comments, synonyms, regexes and a lookup table file', () => {
    const data = load('rasa1.md');
    expect(texts(data, 'order')).toEqual([
      "I'd like a cap",
      'one hoodie please',
      'deliver it to Leeds',
    ]);
    expect(texts(data, 'greet')).toEqual(['hello', 'hi there']);
    expect(data.intents.get('order')![1].entities[0]).toMatchObject({ value: 'sweatshirt' });
    expect(data.synonyms.get('hoodie')).toBe('sweatshirt');
    expect(data.regexes?.get('zip')).toEqual(['[0-9]{5}']);
    expect(data.lookups.get('city')).toEqual(['London', 'Leeds', 'York']);
  });

  it.each([
    [
      'rasa1.json',
      undefined,
      /Rasa 1\.x's JSON format.*Fix: convert it with "rasa data convert nlu/,
    ],
    [
      'bad.md',
      '## intent:a\n- x\n## story:b\n- y',
      /bad\.md:3: "## story:b" is not a section Rasa knows/,
    ],
    [
      'bad.md',
      '## intent:a\nhello',
      /bad\.md:2: "hello" is not a "- " list item.*Fix: start each example with "- "/,
    ],
    [
      'bad.md',
      '## lookup:city\nnowhere.txt',
      /bad\.md:2: the lookup table file "nowhere\.txt" is not found/,
    ],
    [
      'bad.yml',
      'nlu:\n- intent: a\n  examples: |\n    - x\n    y',
      /bad\.yml:5: "y" is not a "- " list item/,
    ],
    [
      'bad.yml',
      'nlu:\n- intent: a\n  examples: |\n    - x\n- regex: r\n  examples: |\n    - [a-',
      /bad\.yml:7: regex "r": \[a- is not a regular expression/,
    ],
    [
      'bad.yml',
      'nlu:\n- intent: a\n  examples: |\n    - x\n- story: s',
      /bad\.yml:5: the item is not an intent, synonym, regex or lookup/,
    ],
  ])('refuses %s (%#) with the line and the fix', (name, source, pattern) => {
    expect(refusal(name, source)).toMatch(pattern);
  });
});
