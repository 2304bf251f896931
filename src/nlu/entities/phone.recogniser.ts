import { type CountryCode, findNumbers, isSupportedCountry } from 'libphonenumber-js';
import type { FoundValue, RecogniserContext } from './entity-types.js';

/** Valid phone numbers (libphonenumber's metadata), as E.164, e.g. "+14155552671". */
export function findPhones(text: string, { country }: RecogniserContext): FoundValue[] {
  const defaultCountry =
    country !== undefined && isSupportedCountry(country) ? (country as CountryCode) : undefined;
  return findNumbers(text, { defaultCountry, v2: true }).map((m) => ({
    value: m.number.number,
    text: text.slice(m.startsAt, m.endsAt),
    start: m.startsAt,
    end: m.endsAt,
  }));
}

export const isCountry = (value: string): boolean => isSupportedCountry(value);
