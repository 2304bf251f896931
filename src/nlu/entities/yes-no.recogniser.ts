import type { FoundValue } from './entity-types.js';

const YES = [
  'yes',
  'yeah',
  'yea',
  'yep',
  'yup',
  'sure',
  'ok',
  'okay',
  'alright',
  'all right',
  'sounds good',
  'correct',
  "that's right",
  'that is right',
  'right',
  'absolutely',
  'of course',
  'go ahead',
  'confirm',
  'confirmed',
  'perfect',
  'great',
  'fine',
  'exactly',
  'definitely',
  'please do',
  'affirmative',
  'agreed',
  'certainly',
  'indeed',
  'yes please',
];
const NO = [
  'no',
  'nope',
  'nah',
  'no thanks',
  'no thank you',
  'not really',
  'wrong',
  'incorrect',
  'cancel',
  'never mind',
  'nevermind',
  'negative',
  'not at all',
  'no way',
];
/** Said before a yes word, these turn it into a no ("not correct"); "not sure" is neither. */
const NEGATIONS = ['not', "isn't", "don't", "doesn't", 'never'];
const NEITHER = ['not sure', "i'm not sure", 'maybe', 'perhaps'];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&').replace(/'/gu, "['’]");
const alternatives = (list: readonly string[]) =>
  [...list]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|');
const PHRASE = new RegExp(
  `(?<![\\p{L}'’])(?:(${alternatives(NEITHER)})|(?:(${alternatives(NEGATIONS)})\\s+)?(${alternatives(YES)})|(${alternatives(NO)}))(?![\\p{L}'’])`,
  'giu',
);

/** Yes and no in English ("sure", "sounds good", "nope", "not correct"), as true and false. */
export function findYesNo(text: string): FoundValue[] {
  const found: FoundValue[] = [];
  for (const m of text.matchAll(PHRASE)) {
    const [whole, neither, negation, yes] = m;
    if (neither !== undefined) continue;
    const value = yes !== undefined && negation === undefined;
    // "yep, that's right" is one answer: a second word of the same kind right after extends the first.
    const before = found.at(-1);
    if (before?.value === value && /^[\s,.!]*$/u.test(text.slice(before.end, m.index))) {
      found[found.length - 1] = {
        ...before,
        text: text.slice(before.start, m.index + whole.length),
        end: m.index + whole.length,
      };
      continue;
    }
    found.push({
      value,
      text: whole,
      start: m.index,
      end: m.index + whole.length,
    });
  }
  return found;
}
