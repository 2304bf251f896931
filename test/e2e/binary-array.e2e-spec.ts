import { inject } from 'vitest';
import { binaryArray, type ElementType } from '../../src/persistence/postgres/binary-array.js';
import { withClient } from '../support/databases.js';

const postgres = inject('postgresAdminUrl');

// The turn batch's columns go to Postgres as binary arrays: what Postgres reads must be what was sent.
describe.runIf(postgres !== null)('a binary array parameter, read back by Postgres', () => {
  const roundTrip = (type: ElementType, values: (string | number | null)[]) =>
    withClient(postgres!, async (client) => {
      const { rows } = await client.query<{ v: unknown[]; n: number; nulls: number }>(
        `SELECT $1::${type}[] AS v, cardinality($1::${type}[]) AS n,
           (SELECT count(*)::int FROM unnest($1::${type}[]) e WHERE e IS NULL) AS nulls`,
        [binaryArray(type, values)],
      );
      return rows[0];
    });

  it.each(['text', 'varchar'] as const)(
    '%s: any text, empty, quoted, escaped, multi-byte, NULL',
    async (type) => {
      const values = [
        '{"seq":2,"utterance":"count 1","quote":"\\"","backslash":"\\\\"}',
        '',
        'NULL',
        'a,b}{"c',
        'é ü ß € 漢字 😀 \u{10FFFF}',
        null,
        'x'.repeat(100_000),
        '😀'.repeat(20_000),
      ];
      const back = await roundTrip(type, values);
      expect(back.v).toEqual(values);
      expect(back.n).toBe(values.length);
      expect(back.nulls).toBe(1);
    },
  );

  it('int and int2: signs and limits, NULL', async () => {
    expect((await roundTrip('int', [0, 1, -1, 2_147_483_647, -2_147_483_648, null])).v).toEqual([
      0,
      1,
      -1,
      2_147_483_647,
      -2_147_483_648,
      null,
    ]);
    expect((await roundTrip('int2', [1, null, -32_768, 32_767])).v).toEqual([
      1,
      null,
      -32_768,
      32_767,
    ]);
  });

  it('an empty array, and one of NULLs only', async () => {
    expect(await roundTrip('text', [])).toMatchObject({ n: 0, nulls: 0 });
    expect(await roundTrip('varchar', [null, null])).toMatchObject({
      v: [null, null],
      n: 2,
      nulls: 2,
    });
  });
});

describe(binaryArray.name, () => {
  it('refuses a value of the wrong kind rather than send a broken array', () => {
    expect(() => binaryArray('int', ['1'])).toThrow(/int element must be an integer/);
    expect(() => binaryArray('int', [1.5])).toThrow(/int element must be an integer/);
    expect(() => binaryArray('text', [1])).toThrow(/text element must be a string/);
  });
});
