import type { FoundValue } from './entity-types.js';

const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  dozen: 12,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SCALES: Record<string, number> = { hundred: 100, thousand: 1000, million: 1_000_000 };

// A number in digits ("12", "2.5", "1,200") or a run of number words joined by spaces, hyphens and "and".
const DIGITS =
  /(?<![\w.,:/-])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,:/-]|\.\d)|(?<![\w.,:/-])\d+(?:\.\d+)?(?![\w:/-]|[.,]\d)/gu;
const WORD = /[a-z]+/giu;

/** Numbers written in digits or in English words ("twenty-one", "one hundred and five", "a dozen"). */
export function findNumbers(text: string): FoundValue[] {
  const found: FoundValue[] = [...text.matchAll(DIGITS)].map((m) => ({
    value: Number(m[0].replaceAll(',', '')),
    text: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
  return [...found, ...wordNumbers(text)].sort((a, b) => a.start - b.start);
}

const isNumberWord = (w: string) => w in UNITS || w in TENS || w in SCALES;

function wordNumbers(text: string): FoundValue[] {
  const words = [...text.matchAll(WORD)].map((m) => ({
    word: m[0].toLowerCase(),
    start: m.index,
    end: m.index + m[0].length,
  }));
  const found: FoundValue[] = [];
  let i = 0;
  while (i < words.length) {
    // "a dozen", "a hundred": the article counts as one.
    const next = words[i + 1]?.word ?? '';
    const article = words[i].word === 'a' && (next in SCALES || next === 'dozen');
    const first = article ? i + 1 : i;
    if (!isNumberWord(words[first]?.word ?? '')) {
      i += 1;
      continue;
    }
    const run = readRun(words, first, text);
    found.push({
      value: run.value,
      text: text.slice(words[i].start, words[run.last].end),
      start: words[i].start,
      end: words[run.last].end,
    });
    i = run.last + 1;
  }
  return found;
}

type Word = { word: string; start: number; end: number };

/** Reads number words from `from` while they make one number ("twenty one", not "one two"). */
function readRun(
  words: readonly Word[],
  from: number,
  text: string,
): { value: number; last: number } {
  let total = 0;
  let current = 0;
  let last = from;
  let previous: 'unit' | 'ten' | 'scale' | undefined;
  for (let j = from; j < words.length; j += 1) {
    const { word } = words[j];
    if (j > from && !/^[\s-]+$/u.test(text.slice(words[j - 1].end, words[j].start))) break;
    // "one hundred and five": "and" only joins a scale to what follows it.
    if (word === 'and') {
      if (previous !== 'scale' || !isNumberWord(words[j + 1]?.word ?? '')) break;
      continue;
    }
    if (word in UNITS) {
      if (previous === 'unit' || (previous === 'ten' && UNITS[word] >= 10)) break;
      current += UNITS[word];
      previous = 'unit';
    } else if (word in TENS) {
      if (previous === 'unit' || previous === 'ten') break;
      current += TENS[word];
      previous = 'ten';
    } else if (word in SCALES) {
      if (SCALES[word] === 100) current = (current || 1) * 100;
      else {
        total += (current || 1) * SCALES[word];
        current = 0;
      }
      previous = 'scale';
    } else break;
    last = j;
  }
  return { value: total + current, last };
}
