import { isMap, isPair, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';

/** Keys whose values are always text: `user: 41` is the utterance "41", not a number. */
const TEXT_KEYS = new Set(['test', 'user', 'bot', 'activity']);

/** A story file's YAML, with the line of every value in it. */
export interface StoryYaml {
  readonly value: unknown;
  /** The line (1-based) of the value at this path, or of the nearest enclosing one that exists. */
  readonly lineOf: (path: readonly (string | number)[], key?: string) => number;
}

export interface YamlSyntaxError {
  readonly line: number;
  readonly message: string;
}

/** Parses a story file; a syntax error is returned with its line, as the author should fix it. */
export function readStoryYaml(source: string): StoryYaml | YamlSyntaxError {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const [error] = [...doc.errors];
  if (error !== undefined) {
    return {
      line: lineCounter.linePos(error.pos[0]).line,
      message: error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''),
    };
  }
  keepTextAsWritten(doc);
  const lineAt = (offset: number | undefined) =>
    offset === undefined ? 1 : lineCounter.linePos(offset).line;
  return {
    value: doc.toJS({ maxAliasCount: 100 }) as unknown,
    lineOf: (path, key) => {
      for (let depth = path.length; depth >= 0; depth--) {
        const node: unknown = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
        if (node === undefined || node === null) continue;
        if (depth === path.length && key !== undefined && isMap(node)) {
          const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
          if (pair !== undefined && isScalar(pair.key)) return lineAt(pair.key.range?.[0]);
        }
        return lineAt((node as { range?: [number] }).range?.[0]);
      }
      return 1;
    },
  };
}

/** A plain scalar under a text key (`user: 41`, `bot: yes`) keeps the text it was written as. */
function keepTextAsWritten(doc: Document): void {
  visit(doc, {
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.key) || !TEXT_KEYS.has(String(pair.key.value))) return;
      const value = pair.value;
      if (isScalar(value) && typeof value.value !== 'string' && value.type === 'PLAIN') {
        value.value = value.source ?? String(value.value);
      }
    },
  });
}
