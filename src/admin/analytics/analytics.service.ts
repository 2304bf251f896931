import { Injectable } from '@nestjs/common';
import { BadMessageError } from '../../common/client-errors.js';
import { ProcessEngine } from '../../processes/process-engine.service.js';
import { Settings } from '../../settings/settings.js';
import type { AnalyticsQuery } from './analytics-query.schema.js';
import type { ActivityFigures, Analytics } from './analytics.model.js';
import { AnalyticsRepository } from './analytics.repository.js';
import type { FigureRow } from './analytics.sql.js';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** `30m` as milliseconds (the env schema has checked the form). */
export const durationMs = (duration: string): number =>
  Number(duration.slice(0, -1)) * UNIT_MS[duration.at(-1) as keyof typeof UNIT_MS];

/** A date or time, as the UTC day it falls on (YYYY-MM-DD), and whether it is that day's midnight. */
function dayOf(value: string, name: string): { day: string; midnight: boolean } {
  const time = Date.parse(value);
  if (Number.isNaN(time))
    throw new BadMessageError(`"${name}" is not a date or time: use ISO-8601, e.g. 2026-12-01`);
  const iso = new Date(time).toISOString();
  return { day: iso.slice(0, 10), midnight: iso.endsWith('T00:00:00.000Z') };
}

/** The day after a UTC day. */
const nextDay = (day: string): string =>
  new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);

/** A UTC day's midnight, as the JSON states the range. */
const midnightOf = (day: string): string => `${day}T00:00:00.000Z`;

/** Where interactions reach, wait, move on and give up, per activity of a process (see analytics.sql). */
@Injectable()
export class AnalyticsService {
  constructor(
    private readonly repository: AnalyticsRepository,
    private readonly registry: ProcessEngine,
    private readonly settings: Settings,
  ) {}

  /**
   * The range is by the UTC day an interaction started (the rollup counts by day): `from` counts from the
   * start of its day, `to` up to the end of its day unless it is a midnight (then that day is not included).
   */
  async of(name: string, query: AnalyticsQuery, now = new Date()): Promise<Analytics> {
    const process = this.registry.get(name);
    const from = query.from === undefined ? undefined : dayOf(query.from, 'from').day;
    const until = query.to === undefined ? undefined : dayOf(query.to, 'to');
    const to = until === undefined ? undefined : until.midnight ? until.day : nextDay(until.day);
    if (
      query.from !== undefined &&
      query.to !== undefined &&
      Date.parse(query.from) >= Date.parse(query.to)
    )
      throw new BadMessageError('"from" must be before "to"');
    const abandonedAfter = this.settings.ABANDONED_AFTER;
    const rows = await this.repository.figures({
      process: process.name,
      version: query.version,
      fromDay: from ?? '',
      toDay: to ?? '9999',
      abandonedBefore: new Date(now.getTime() - durationMs(abandonedAfter)).toISOString(),
    });
    const figures = collect(rows, process.definition.first);
    const ids = [...process.definition.activities.keys()];
    for (const id of figures.keys()) if (id !== null && !ids.includes(id)) ids.push(id);
    const activities = ids.map((id): ActivityFigures => {
      const f = figures.get(id) ?? new Figures();
      const count = (figure: string) => f.count(figure);
      const reached = count('reached');
      const here = count('waiting') + count('abandoned') + count('completed');
      return {
        id,
        type: process.definition.activities.get(id)?.type ?? null,
        reached,
        waiting: count('waiting'),
        movedOn: reached - here,
        abandoned: count('abandoned'),
        completed: count('completed'),
        medianMs: f.percentile('visit_ms', 0.5),
        p90Ms: f.percentile('visit_ms', 0.9),
        refused: count('refused'),
        failed: count('failed'),
        noIntent: count('no_intent'),
      };
    });
    const totals = figures.get(null) ?? new Figures();
    const started = totals.count('started');
    const completed = totals.count('completed');
    const sum = (key: 'abandoned' | 'waiting') => activities.reduce((n, a) => n + a[key], 0);
    return {
      process: process.name,
      version: query.version ?? null,
      from: from === undefined ? null : midnightOf(from),
      to: to === undefined ? null : midnightOf(to),
      abandonedAfter,
      generatedAt: now.toISOString(),
      totals: {
        started,
        completed,
        abandoned: sum('abandoned'),
        waiting: sum('waiting'),
        completionRate: started === 0 ? null : completed / started,
        medianTimeToCompleteMs: totals.percentile('complete_ms', 0.5),
      },
      activities,
    };
  }
}

/** Where an interaction stands now: one of these per interaction, at its current activity. */
const STANDINGS = ['completed', 'waiting', 'abandoned'];

/** One activity's (or the process's) figures: counts, and times as how many took each. */
class Figures {
  private readonly counts = new Map<string, number>();
  private readonly times = new Map<string, [value: number, n: number][]>();

  add(figure: string, value: number, n: number): void {
    if (figure.endsWith('_ms')) {
      const times = this.times.get(figure) ?? [];
      times.push([value, n]);
      this.times.set(figure, times);
    } else this.counts.set(figure, this.count(figure) + n);
  }

  count(figure: string): number {
    return this.counts.get(figure) ?? 0;
  }

  /** Nearest rank: the smallest time with at least `fraction` of them at or below it (null: none). */
  percentile(figure: string, fraction: number): number | null {
    const times = [...(this.times.get(figure) ?? [])].sort(([a], [b]) => a - b);
    const total = times.reduce((sum, [, n]) => sum + n, 0);
    if (total === 0) return null;
    const rank = Math.ceil(fraction * total - 1e-9);
    let seen = 0;
    for (const [value, n] of times) if ((seen += n) >= rank) return value;
    return times.at(-1)![0];
  }
}

/**
 * The rows by activity; the drivers give numbers as numbers or numeric text. Every interaction starts at
 * the process's first activity: one whose welcome turn landed elsewhere (its first turn has no activity
 * before it) reached the first activity too, and left it at once.
 */
function collect(rows: readonly FigureRow[], first: string): Map<string | null, Figures> {
  const byActivity = new Map<string | null, Figures>();
  const of = (activity: string | null) => {
    let figures = byActivity.get(activity);
    if (figures === undefined) byActivity.set(activity, (figures = new Figures()));
    return figures;
  };
  let landedElsewhere = 0;
  for (const row of rows) {
    const [value, n] = [Number(row.value), Number(row.n)];
    if (n === 0) continue;
    if (row.figure === 'landed') {
      if (row.activity !== first) landedElsewhere += n;
      continue;
    }
    of(row.activity).add(row.figure, value, n);
    // where an interaction stands: the process's totals (and a completed one's time to complete)
    if (STANDINGS.includes(row.figure)) of(null).add('started', 0, n);
    if (row.figure === 'completed') {
      of(null).add('completed', 0, n);
      of(null).add('complete_ms', value, n);
    }
  }
  if (landedElsewhere > 0) {
    of(first).add('reached', 0, landedElsewhere);
    of(first).add('visit_ms', 0, landedElsewhere);
  }
  return byActivity;
}
