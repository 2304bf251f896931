import { ClosedSets } from '../../../src/nlu/builtin/closed-sets.js';
import { EntityTagger } from '../../../src/nlu/builtin/entity-tagger.js';
import { tokenize } from '../../../src/nlu/builtin/tokens.js';
import { parseRasaNlu } from '../../../src/nlu/rasa-training-data.js';

const DATA = `
nlu:
- intent: travel
  examples: |
    - a train from [garching](from) to [odeonsplatz](to)
    - how do I get from [lehel](from) to [marienplatz](to)?
    - from [harras](from) to [moosach](to) please
    - I need to go from [giesing](from) to [freimann](to)
    - is there a bus from [neuperlach](from) to [lehel](to) at [3 pm](time)?
    - from [sendling](from) to [garching](to) at [9 am](time)
    - when does it leave from [pasing](from) to [laim](to)
    - I want to go to [odeonsplatz](to) from [moosach](from)
- intent: chat
  examples: |
    - hello there
    - how are you today?
    - what can you do
    - I like trains
`;

describe(EntityTagger.name, () => {
  const data = parseRasaNlu(DATA, 'nlu.yml');
  const examples = [...data.intents.values()].flat();
  const tagger = EntityTagger.train(examples, new ClosedSets(data));

  it('learns open entities from their context: names it never saw, with their spans', () => {
    const text = 'a train from Karlsplatz to Studentenstadt';
    const spans = tagger.tag(text);
    expect(spans).toEqual([
      { entity: 'from', text: 'Karlsplatz', start: 13, end: 23 },
      { entity: 'to', text: 'Studentenstadt', start: 27, end: 41 },
    ]);
    for (const s of spans) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('keeps a value of several words whole, and finds nothing where the examples had nothing', () => {
    expect(tagger.tag('from lehel to odeonsplatz at 5 pm')).toContainEqual({
      entity: 'time',
      text: '5 pm',
      start: 29,
      end: 33,
    });
    expect(tagger.tag('hello, how are you?')).toEqual([]);
  });

  it('learns nothing, and finds nothing, from data without annotations', () => {
    const plain = parseRasaNlu('nlu:\n- intent: a\n  examples: |\n    - hi there', 'nlu.yml');
    const empty = EntityTagger.train([...plain.intents.values()].flat(), new ClosedSets(plain));
    expect(empty.tag('hi there')).toEqual([]);
  });
});

describe(tokenize.name, () => {
  it('keeps versions, names with hyphens and e-mail addresses whole, and splits clitics off', () => {
    expect(tokenize("Gmail's 16.04 karl-preis-platz a@b.com, I'm").map((t) => t.text)).toEqual([
      'Gmail',
      "'s",
      '16.04',
      'karl-preis-platz',
      'a@b.com',
      ',',
      'I',
      "'m",
    ]);
  });
});
