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

/** A date or time as the stored timestamps are written (ISO-8601 UTC, milliseconds). */
function instant(value: string, name: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time))
    throw new BadMessageError(`"${name}" is not a date or time: use ISO-8601, e.g. 2026-12-01`);
  return new Date(time).toISOString();
}

/** Where interactions reach, wait, move on and give up, per activity of a process (see analytics.sql). */
@Injectable()
export class AnalyticsService {
  constructor(
    private readonly repository: AnalyticsRepository,
    private readonly registry: ProcessEngine,
    private readonly settings: Settings,
  ) {}

  async of(name: string, query: AnalyticsQuery, now = new Date()): Promise<Analytics> {
    const process = this.registry.get(name);
    const from = query.from === undefined ? undefined : instant(query.from, 'from');
    const to = query.to === undefined ? undefined : instant(query.to, 'to');
    if (from !== undefined && to !== undefined && from >= to)
      throw new BadMessageError('"from" must be before "to"');
    const abandonedAfter = this.settings.ABANDONED_AFTER;
    const rows = await this.repository.figures({
      process: process.name,
      version: query.version,
      from: from ?? '',
      to: to ?? '9999',
      first: process.definition.first,
      abandonedBefore: new Date(now.getTime() - durationMs(abandonedAfter)).toISOString(),
    });
    const figures = collect(rows);
    const ids = [...process.definition.activities.keys()];
    for (const id of figures.keys()) if (id !== null && !ids.includes(id)) ids.push(id);
    const activities = ids.map((id): ActivityFigures => {
      const f = figures.get(id) ?? new Map<string, number>();
      const count = (figure: string) => f.get(figure) ?? 0;
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
        medianMs: f.get('median_ms') ?? null,
        p90Ms: f.get('p90_ms') ?? null,
        refused: count('refused'),
        failed: count('failed'),
        noIntent: count('no_intent'),
      };
    });
    const totals = figures.get(null) ?? new Map<string, number>();
    const started = totals.get('started') ?? 0;
    const completed = totals.get('completed') ?? 0;
    const sum = (key: 'abandoned' | 'waiting') => activities.reduce((n, a) => n + a[key], 0);
    return {
      process: process.name,
      version: query.version ?? null,
      from: from ?? null,
      to: to ?? null,
      abandonedAfter,
      generatedAt: now.toISOString(),
      totals: {
        started,
        completed,
        abandoned: sum('abandoned'),
        waiting: sum('waiting'),
        completionRate: started === 0 ? null : completed / started,
        medianTimeToCompleteMs: totals.get('median_to_complete_ms') ?? null,
      },
      activities,
    };
  }
}

/** The rows by activity, then figure; the drivers give counts as numbers or numeric text. */
function collect(rows: readonly FigureRow[]): Map<string | null, Map<string, number>> {
  const byActivity = new Map<string | null, Map<string, number>>();
  for (const { activity, figure, value } of rows) {
    if (value === null) continue;
    let figures = byActivity.get(activity);
    if (figures === undefined) byActivity.set(activity, (figures = new Map()));
    figures.set(figure, (figures.get(figure) ?? 0) + Number(value));
  }
  return byActivity;
}
