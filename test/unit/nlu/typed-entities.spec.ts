import { readFileSync } from 'node:fs';
import { ENTITY_TYPES } from '../../../src/nlu/entities/entity-types.js';
import { findNumbers } from '../../../src/nlu/entities/number.recogniser.js';
import { findDatetimes } from '../../../src/nlu/entities/datetime.recogniser.js';
import {
  scoreTypedEntities,
  type TypedHeldOut,
} from '../../../src/nlu/evaluation/typed-entity-evaluation.js';

const heldOut = JSON.parse(
  readFileSync(new URL('../../fixtures/nlu/entities-heldout.json', import.meta.url), 'utf8'),
) as TypedHeldOut;

// The floors are a little under the figures measured when the recognisers were written (docs/nlu.md).
const FLOORS = {
  datetime: { precision: 0.85, recall: 0.9 },
  number: { precision: 0.95, recall: 0.95 },
  email: { precision: 0.95, recall: 0.95 },
  phone: { precision: 0.95, recall: 0.95 },
  yes_no: { precision: 0.95, recall: 0.95 },
};

describe('typed entities on the held-out set', () => {
  const scores = scoreTypedEntities(heldOut);

  it('has at least 20 values of each type to find', () => {
    for (const type of ENTITY_TYPES) {
      const s = scores[type];
      expect(s.truePositives + s.falseNegatives, type).toBeGreaterThanOrEqual(20);
    }
  });

  it.each(ENTITY_TYPES)('finds %s values above their precision and recall floors', (type) => {
    const s = scores[type];
    console.log(
      `${type}: precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)}` +
        (s.errors.length > 0 ? `\n  ${s.errors.join('\n  ')}` : ''),
    );
    expect(s.precision, s.errors.join('; ')).toBeGreaterThanOrEqual(FLOORS[type].precision);
    expect(s.recall, s.errors.join('; ')).toBeGreaterThanOrEqual(FLOORS[type].recall);
  });
});

describe(findNumbers.name, () => {
  it.each([
    ['twenty-one', 21],
    ['one hundred and five', 105],
    ['a hundred', 100],
    ['two thousand three hundred', 2300],
    ['1,200', 1200],
  ])('reads "%s" as %d', (text, value) => {
    expect(findNumbers(text).map((f) => f.value)).toEqual([value]);
  });

  it('reads "one two" as two numbers and no number inside a word', () => {
    expect(findNumbers('one two').map((f) => f.value)).toEqual([1, 2]);
    expect(findNumbers('someone often')).toEqual([]);
  });
});

describe(findDatetimes.name, () => {
  const now = new Date('2026-03-27T12:00:00+01:00');

  it('keeps the wall time across a daylight-saving change in the zone', () => {
    const [found] = findDatetimes('sunday at 8pm', {
      now,
      timeZone: 'Europe/Berlin',
      country: undefined,
    });
    expect(found.value).toBe('2026-03-29T20:00:00+02:00');
  });

  it('takes "good evening" for a greeting, and "tomorrow evening" for a time', () => {
    const context = { now, timeZone: 'Europe/Berlin', country: undefined };
    expect(findDatetimes('good evening', context)).toEqual([]);
    expect(findDatetimes('Good morning! a table please', context)).toEqual([]);
    expect(findDatetimes('tomorrow evening', context).map((f) => f.value)).toEqual([
      '2026-03-28T20:00:00+01:00',
    ]);
  });

  it('reads the same words in another zone', () => {
    const [found] = findDatetimes('tomorrow at 9am', {
      now,
      timeZone: 'America/New_York',
      country: undefined,
    });
    expect(found.value).toBe('2026-03-28T09:00:00-04:00');
  });
});
