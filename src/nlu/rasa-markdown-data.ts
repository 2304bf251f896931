import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RawTrainingData, TrainingDataFail } from './rasa-training-types.js';

const HEADER = /^##\s*(intent|synonym|regex|lookup)\s*:\s*(.+?)\s*$/;

/**
 * Rasa 1.x / 2.x Markdown training data (nlu.md): `## intent:name`, `## synonym:value`, `## regex:name` and
 * `## lookup:name` sections of `- ` lines; a lookup may instead name a text file of values, one a line.
 */
export function readMarkdownNlu(
  source: string,
  file: string,
  fail: TrainingDataFail,
): RawTrainingData {
  const raw: RawTrainingData = { items: [], warnings: [] };
  let current: RawTrainingData['items'][number] | undefined;
  const lines = source.replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, '')).split('\n');
  for (const [index, full] of lines.entries()) {
    const line = full.trim();
    const at = index + 1;
    if (line === '') continue;
    const header = HEADER.exec(line);
    if (header !== null) {
      current = { kind: header[1] as 'intent', name: header[2], line: at, examples: [] };
      raw.items.push(current);
    } else if (line.startsWith('#')) {
      if (line.startsWith('##'))
        fail(
          `"${line}" is not a section Rasa knows`,
          'write "## intent:name", "## synonym:value", "## regex:name" or "## lookup:name"',
          at,
        );
    } else if (current === undefined) {
      fail(`"${line}" is outside any section`, 'put it under a "## intent:name" header', at);
    } else if (/^[-*+]\s/.test(line)) {
      current.examples.push({ text: line.slice(2).trim(), line: at });
    } else if (current.kind === 'lookup' && current.examples.length === 0) {
      for (const value of lookupFile(line, file, at, fail))
        current.examples.push({ text: value, line: at });
    } else {
      fail(`"${line}" is not a "- " list item`, 'start each example with "- "', at);
    }
  }
  return raw;
}

/** Rasa 1.x's `## lookup:name` followed by a path: the values of a text file, one a line. */
function lookupFile(path: string, file: string, line: number, fail: TrainingDataFail): string[] {
  const here = dirname(file);
  const found = [join(here, path), join(here, '..', path), path].find((p) => existsSync(p));
  if (found === undefined)
    return fail(
      `the lookup table file "${path}" is not found (looked beside ${file} and one folder up)`,
      'copy the file there, or list its values as "- value" lines',
      line,
    );
  return readFileSync(found, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}
