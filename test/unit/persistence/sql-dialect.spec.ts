import { postgresDialect, sqliteDialect } from '../../../src/persistence/sql-dialect.js';

describe('the SQL dialects', () => {
  it('rewrites $n placeholders for SQLite, in the order they appear, repeats included', () => {
    expect(sqliteDialect.bind('SELECT $2, $1, $2', ['a', 'b'])).toEqual([
      'SELECT ?, ?, ?',
      ['b', 'a', 'b'],
    ]);
    expect(postgresDialect.bind('SELECT $2, $1', ['a', 'b'])).toEqual([
      'SELECT $2, $1',
      ['a', 'b'],
    ]);
  });

  it('reads JSON and dates back the same way from both', () => {
    expect(sqliteDialect.readJson('{"a":[1]}')).toEqual({ a: [1] });
    expect(postgresDialect.readJson({ a: [1] })).toEqual({ a: [1] });
    expect(sqliteDialect.readJson(null)).toBeNull();
    const iso = '2026-11-23T20:00:00.000Z';
    expect(postgresDialect.readDate(new Date(iso))).toBe(iso);
    expect(sqliteDialect.readDate(iso)).toBe(iso);
  });
});
