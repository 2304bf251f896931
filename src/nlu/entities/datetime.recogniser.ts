import * as chrono from 'chrono-node';
import type { FoundValue, RecogniserContext } from './entity-types.js';

/** The zone's offset from UTC at an instant, in minutes (+60 for Berlin in winter). */
export function offsetMinutes(timeZone: string, at: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  return m === null ? 0 : (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** Whether Intl knows the IANA zone name. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const two = (n: number) => String(n).padStart(2, '0');

/** The instant as the zone's wall time with its offset, e.g. "2026-12-04T19:00:00+01:00". */
export function localIso(at: Date, timeZone: string): string {
  const offset = offsetMinutes(timeZone, at);
  const wall = new Date(at.getTime() + offset * 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${wall.getUTCFullYear()}-${two(wall.getUTCMonth() + 1)}-${two(wall.getUTCDate())}` +
    `T${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}:${two(wall.getUTCSeconds())}` +
    `${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`
  );
}

// "around 7:45pm" is "at 7:45pm" to chrono, which otherwise reads the day and the time apart; the same length
// keeps every span where it is in the text.
const APPROXIMATELY = /\b(?:at\s+)?(?:around|about|roughly|approximately)(?=\s+\d)/giu;

// "good evening" is a greeting, not 20:00 today: a part of the day right after "good" is no time.
const PART_OF_DAY = /^(?:morning|afternoon|evening|night)$/iu;
const AFTER_GOOD = /\bgood\s+$/iu;
const isGreeting = (read: string, index: number, found: string): boolean =>
  PART_OF_DAY.test(found.trim()) && AFTER_GOOD.test(read.slice(0, index));

/** The instant of a wall-clock time in the zone (its offset on that day, across daylight-saving changes). */
function inZone(wall: number, timeZone: string): Date {
  const guess = wall - offsetMinutes(timeZone, new Date(wall)) * 60_000;
  return new Date(wall - offsetMinutes(timeZone, new Date(guess)) * 60_000);
}

/**
 * Dates and times in English (chrono-node: "next friday at 7", "tomorrow evening", "in two weeks"), read in the
 * given time zone and future-leaning ("friday" is the coming one). What the text leaves open is chrono's guess
 * (a day alone is noon; "evening" is 20:00). The value is the local date-time with its offset.
 */
export function findDatetimes(text: string, { now, timeZone }: RecogniserContext): FoundValue[] {
  const read = text.replace(APPROXIMATELY, (m) => 'at'.padEnd(m.length));
  return chrono
    .parse(read, { instant: now, timezone: offsetMinutes(timeZone, now) }, { forwardDate: true })
    .filter((r) => !isGreeting(read, r.index, r.text))
    .map((r) => {
      const c = r.start;
      // chrono's own instant is off for some phrases ("the day after tomorrow" counts in UTC), its wall-clock
      // components are not: the instant is theirs in the zone, unless the text named an offset.
      const at = c.isCertain('timezoneOffset')
        ? c.date()
        : inZone(
            Date.UTC(
              c.get('year')!,
              c.get('month')! - 1,
              c.get('day')!,
              c.get('hour')!,
              c.get('minute')!,
              c.get('second')!,
            ),
            timeZone,
          );
      return {
        value: localIso(at, timeZone),
        text: text.slice(r.index, r.index + r.text.length),
        start: r.index,
        end: r.index + r.text.length,
      };
    });
}
