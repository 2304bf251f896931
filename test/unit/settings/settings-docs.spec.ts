import { readFileSync } from 'node:fs';
import { ENV_SCHEMA } from '../../../src/settings/env.schema.js';

const PAGE = new URL('../../../docs/operating.md', import.meta.url);

/** The rows of the settings table in docs/operating.md: each variable it names, with its default cell. */
function documentedSettings(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of readFileSync(PAGE, 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 4 || !cells[1].startsWith('`')) continue;
    for (const [, name] of cells[1].matchAll(/`([A-Z][A-Z0-9_]*)`/g)) rows.set(name, cells[2]);
  }
  return rows;
}

describe('the settings table of docs/operating.md', () => {
  const schema: Record<string, { readonly [keyword: string]: unknown }> = ENV_SCHEMA.properties;
  const documented = documentedSettings();

  it('names every setting of the env schema, and no other', () => {
    expect([...documented.keys()].sort()).toEqual(Object.keys(schema).sort());
  });

  it("gives each literal default as the schema's default", () => {
    for (const [name, cell] of documented) {
      const literal = /^`([^`]+)`$/.exec(cell)?.[1];
      if (literal === undefined) continue; // a description such as "(unset: SQLite)"
      expect({ name, default: literal }).toEqual({ name, default: String(schema[name].default) });
    }
  });
});
