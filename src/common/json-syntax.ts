import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser';

/** What a JSON syntax error's code means, for an author. */
const WORDS: Record<string, string> = {
  InvalidSymbol: 'an unexpected character',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a property name (in double quotes) is expected',
  ValueExpected: 'a value is expected',
  ColonExpected: 'a ":" is expected',
  CommaExpected: 'a "," is expected',
  CloseBraceExpected: 'a "}" is expected',
  CloseBracketExpected: 'a "]" is expected',
  EndOfFileExpected: 'nothing may follow the value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfNumber: 'a number is cut short',
  InvalidUnicode: 'a malformed \\u escape',
  InvalidEscapeCharacter: 'an invalid escape in a string',
  InvalidCharacter: 'a control character in a string',
};

/**
 * Where a text that JSON.parse refused goes wrong, e.g. "line 3, column 12: a value is expected" (jsonc-parser,
 * strict: no comments, no trailing commas); undefined when it finds nothing (JSON.parse's own message stands).
 */
export function jsonSyntaxError(source: string): string | undefined {
  const errors: ParseError[] = [];
  parse(source, errors, { disallowComments: true, allowTrailingComma: false });
  const [first] = errors;
  if (first === undefined) return undefined;
  const before = source.slice(0, first.offset).split('\n');
  const code = printParseErrorCode(first.error);
  return `line ${before.length}, column ${before.at(-1)!.length + 1}: ${WORDS[code] ?? code}`;
}
