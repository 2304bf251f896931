import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { RawTrainingData, TrainingDataFail } from './rasa-training-types.js';

const KINDS = ['intent', 'synonym', 'regex', 'lookup'] as const;

/**
 * Rasa 2.x / 3.x YAML training data: the `nlu:` list of intents, synonyms, regexes and lookup tables, each with
 * `examples:` as a `|` block of "- " lines or as a list (of strings, or of `text:` items with metadata). Other
 * sections (stories, rules, responses) are Rasa Core's and are passed over.
 */
export function readYamlNlu(source: string, file: string, fail: TrainingDataFail): RawTrainingData {
  const warnings: string[] = [];
  const text = reindentStrayExamples(source, (line, item) =>
    warnings.push(
      `${file}:${line}: "examples:" starts at the line's beginning, so YAML does not put it under "${item}" ` +
        "above it; it is read as that item's examples. Fix: indent it (and its lines) by two spaces, like the other items",
    ),
  );
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true });
  const lineOf = (node: Node | null | undefined) =>
    node?.range === undefined || node.range === null
      ? undefined
      : lineCounter.linePos(node.range[0]).line;
  const error = document.errors[0];
  if (error !== undefined)
    fail(
      `the file is not valid YAML (${error.message.split('\n')[0]})`,
      'correct the YAML syntax (each "- intent:" item holds its "examples: |" two spaces in)',
      error.linePos?.[0].line,
    );
  const nlu = isMap(document.contents) ? document.contents.get('nlu', true) : undefined;
  if (!isSeq(nlu))
    return fail(
      'there is no "nlu:" list',
      'write Rasa training data: nlu: - intent: greet examples: | - hello',
    );
  const raw: RawTrainingData = { items: [], warnings };
  for (const node of nlu.items) {
    const line = lineOf(node as Node);
    const item = isMap(node) ? (node.toJSON() as Record<string, unknown>) : undefined;
    const kind = KINDS.find((k) => typeof item?.[k] === 'string');
    if (!isMap(node) || item === undefined || kind === undefined)
      return fail(
        'the item is not an intent, synonym, regex or lookup',
        'begin each item with "- intent: name" (or synonym:, regex:, lookup:)',
        line,
      );
    const examplesNode = node.get('examples', true) as Node | undefined;
    if (examplesNode === undefined)
      return fail(
        `${kind} "${String(item[kind])}" has no "examples"`,
        'give it "examples: |" and, two spaces further in, one "- example" a line',
        line,
      );
    raw.items.push({
      kind,
      name: String(item[kind]),
      line: line ?? 0,
      examples: examplesOf(examplesNode, lineOf(examplesNode) ?? 0, fail),
    });
  }
  return raw;
}

function examplesOf(node: Node, line: number, fail: TrainingDataFail) {
  if (isScalar(node) && typeof node.value === 'string') {
    // A `|` block starts on the line after its indicator.
    const first = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED' ? line + 1 : line;
    return node.value.split('\n').flatMap((full, i) => {
      const text = full.trim();
      if (text === '' || text.startsWith('#')) return [];
      if (!text.startsWith('-'))
        return fail(`"${text}" is not a "- " list item`, 'start each example with "- "', first + i);
      return [{ text: text.slice(1).trim(), line: first + i }];
    });
  }
  if (isSeq(node))
    return node.items.map((entry) => {
      const value = (entry as Node).toJSON() as unknown;
      const text = typeof value === 'string' ? value : (value as { text?: unknown } | null)?.text;
      if (typeof text !== 'string')
        return fail(
          'an example is neither a text nor a "text:" item',
          'write "- text: the example"',
          line,
        );
      return { text: text.trim(), line };
    });
  return fail(
    '"examples" is not a block of "- " lines',
    'write "examples: |" and one "- example" a line below it',
    line,
  );
}

/**
 * Rasa's own training data has been published with an item's `examples: |` at column 0 (YAML then reads it as
 * a key of the file). Such a block is moved two spaces in, under the item above it, and reported.
 */
function reindentStrayExamples(
  source: string,
  report: (line: number, item: string) => void,
): string {
  const lines = source.split('\n');
  let item: string | undefined;
  for (let i = 0; i < lines.length; i += 1) {
    if (lines[i].startsWith('- ')) item = lines[i].trim();
    else if (/^\S/.test(lines[i]) && !/^examples\s*:/.test(lines[i]) && !lines[i].startsWith('#'))
      item = undefined;
    if (item === undefined || !/^examples\s*:/.test(lines[i])) continue;
    report(i + 1, item);
    lines[i] = `  ${lines[i]}`;
    for (let j = i + 1; j < lines.length && (lines[j] === '' || /^\s/.test(lines[j])); j += 1)
      lines[j] = lines[j] === '' ? '' : `  ${lines[j]}`;
  }
  return lines.join('\n');
}
