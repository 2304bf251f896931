/** A word or a punctuation mark, with its character span in the text. */
export interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

// Inner dots, hyphens and @ keep a word whole ("16.04", "karl-preis-platz", "a@b.com"); a clitic is a token of its
// own, as spaCy (Rasa's tokenizer) makes it: "Gmail's" is "Gmail" + "'s", "I'm" is "I" + "'m".
const TOKEN = /[\p{L}\p{N}]+(?:[.\-@_/][\p{L}\p{N}]+)*|['’]\p{L}+|[^\s\p{L}\p{N}]/gu;

export const tokenize = (text: string): Token[] =>
  [...text.matchAll(TOKEN)].map((m) => ({
    text: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));

/** A word's shape, e.g. "Xxxx", "dd.dd", "x": case and digits matter for names and versions. */
export const shape = (word: string): string =>
  word
    .replace(/\p{Lu}/gu, 'X')
    .replace(/\p{Ll}/gu, 'x')
    .replace(/\p{N}/gu, 'd')
    .replace(/(.)\1{2,}/gu, '$1$1');

/** A phrase as the closed sets compare it: its tokens, lower case, joined by one space. */
export const normalise = (phrase: string): string =>
  tokenize(phrase)
    .map((t) => t.text.toLowerCase())
    .join(' ');
