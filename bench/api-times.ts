import { median } from './proc.js';

export interface ApiTime {
  request: string;
  path: string;
  /** The documented time it must answer within (docs/performance.md). */
  goalMs: number;
  /** The first answer's time (nothing of it cached yet), then the median and the slowest of the runs after. */
  firstMs: number | null;
  medianMs: number | null;
  maxMs: number | null;
  check: string;
}

/** The documented times, in one place: docs/performance.md states the same. */
export const API_GOALS_MS = { transcript: 50, firstPage: 100, analytics: 1000 } as const;

/**
 * Times three reads of the running server's HTTP API, one after the other, each `runs` times after a first
 * answer: one interaction's transcript, the admin list's first page and the process's analytics.
 */
export async function timeApi(
  url: string,
  adminToken: string,
  process: string,
  sample: { id: string; uid: string; turns: number },
  runs: number,
): Promise<ApiTime[]> {
  const admin = { authorization: `Bearer ${adminToken}` };
  const requests: {
    request: string;
    path: string;
    headers: Record<string, string>;
    goalMs: number;
    check: (body: unknown) => string | null;
  }[] = [
    {
      request: `one interaction's transcript (${sample.turns} turns)`,
      path: `/interactions/${sample.id}/messages`,
      headers: { 'x-user-id': sample.uid },
      goalMs: API_GOALS_MS.transcript,
      check: (body) =>
        Array.isArray(body) && body.length === sample.turns
          ? null
          : `expected ${sample.turns} turns, got ${JSON.stringify(body).slice(0, 200)}`,
    },
    {
      request: 'the admin list, first page',
      path: '/admin/interactions',
      headers: admin,
      goalMs: API_GOALS_MS.firstPage,
      check: (body) =>
        ((body as { items?: unknown[] }).items?.length ?? 0) > 0
          ? null
          : `expected items, got ${JSON.stringify(body).slice(0, 200)}`,
    },
    {
      request: `the analytics of ${process}`,
      path: `/admin/processes/${process}/analytics`,
      headers: admin,
      goalMs: API_GOALS_MS.analytics,
      check: (body) =>
        typeof (body as { totals?: { started?: unknown } }).totals?.started === 'number'
          ? null
          : `expected totals, got ${JSON.stringify(body).slice(0, 200)}`,
    },
  ];
  const times: ApiTime[] = [];
  for (const r of requests) {
    const ms: number[] = [];
    let problem: string | null = null;
    for (let run = 0; run <= runs && problem === null; run += 1) {
      const t0 = performance.now();
      const response = await fetch(`${url}${r.path}`, { headers: r.headers });
      const body: unknown = await response.json().catch(() => null);
      ms.push(performance.now() - t0);
      problem = response.ok ? r.check(body) : `HTTP ${response.status}: ${JSON.stringify(body)}`;
    }
    const round = (v: number) => Math.round(v * 10) / 10;
    times.push({
      request: r.request,
      path: r.path,
      goalMs: r.goalMs,
      firstMs: problem === null ? round(ms[0]) : null,
      medianMs: problem === null ? round(median(ms.slice(1))) : null,
      maxMs: problem === null ? round(Math.max(...ms.slice(1))) : null,
      check: problem ?? `ok (${runs} runs after the first)`,
    });
  }
  return times;
}
