import type { Analytics } from './analytics.model.js';

const COLUMNS = [
  'scope',
  'activity',
  'type',
  'reached',
  'waiting',
  'moved_on',
  'abandoned',
  'completed',
  'completion_rate',
  'median_ms',
  'p90_ms',
  'refused',
  'failed',
  'no_intent',
] as const;

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
const field = (value: unknown): string => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * The analytics as one CSV table: a `process` row (reached = started, median_ms = median time to
 * complete), then one `activity` row per activity.
 */
export function analyticsCsv(analytics: Analytics): string {
  const { totals } = analytics;
  const rows: unknown[][] = [
    [
      'process',
      analytics.process,
      '',
      totals.started,
      totals.waiting,
      '',
      totals.abandoned,
      totals.completed,
      totals.completionRate,
      totals.medianTimeToCompleteMs,
      '',
      '',
      '',
      '',
    ],
    ...analytics.activities.map((a) => [
      'activity',
      a.id,
      a.type,
      a.reached,
      a.waiting,
      a.movedOn,
      a.abandoned,
      a.completed,
      '',
      a.medianMs,
      a.p90Ms,
      a.refused,
      a.failed,
      a.noIntent,
    ]),
  ];
  return [COLUMNS, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}
