import type { FoundValue } from './entity-types.js';

// The usual address shape (the local part of RFC 5322's dot-atom, a dotted host with a letter TLD), on word bounds.
const EMAIL =
  /(?<![\w.@+-])[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(?![\w@-])/giu;

/** Email addresses; the value has its domain in lower case (the local part is the owner's to case). */
export function findEmails(text: string): FoundValue[] {
  return [...text.matchAll(EMAIL)].map((m) => {
    const at = m[0].lastIndexOf('@');
    return {
      value: `${m[0].slice(0, at)}@${m[0].slice(at + 1).toLowerCase()}`,
      text: m[0],
      start: m.index,
      end: m.index + m[0].length,
    };
  });
}
