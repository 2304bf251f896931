import type { ApiTime } from './api-times.js';

export interface Row {
  target: string;
  transport: 'socket.io' | 'ws' | '-';
  database: string;
  connections: number;
  turnsPerSecond: number;
  p50ms: number;
  p99ms: number;
  /** The measured process's CPU (the server's; none for the database ceiling, which has no server). */
  cpuMsPer1000Turns: number | null;
  /** Postgres CPU per 1,000 turns: its backends serving this run's database and its auxiliary processes. */
  dbCpuMsPer1000Turns: number | null;
  /**
   * Postgres rows: turns per committed transaction (pg_stat_database), the server's reads included: the mean
   * batch when a turn reads nothing; for the database ceiling, its batch.
   */
  turnsPerCommit?: number;
  /** The Python workers' CPU per 1,000 turns (Python-callback rows), beside the server's own. */
  workersCpuMsPer1000Turns?: number;
  errors: number;
  check: string;
}

export interface Idle {
  connections: number;
  rssGrowthKb: number;
  kbPerConnection: number;
}

/** The flat-data figures: the same load on an empty database and on a preloaded one, alternated. */
export interface Stored {
  turns: number;
  interactions: number;
  preloadMs: number;
  connections: number;
  /** Columns in which the preload's rows differ from the server's own (none: they look alike). */
  templateDiffers: string[];
  rounds: { empty: Row; stored: Row }[];
  api: ApiTime[];
}

export interface Target {
  target: string;
  figure: number | null;
  ceiling: number | null;
  unit: string;
  /** figure ÷ ceiling, as a percentage or a factor (`ratioUnit`). */
  ratio: number | null;
  ratioUnit: '%' | '×' | '';
  goal: string;
  /** null: not measured in this run. */
  met: boolean | null;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
const share = (figure: number | null, ceiling: number | null) =>
  figure === null || ceiling === null || ceiling === 0 ? null : round((figure / ceiling) * 100, 1);
const factor = (figure: number | null, ceiling: number | null) =>
  figure === null || ceiling === null || ceiling === 0 ? null : round(figure / ceiling, 2);
const best = (rows: Row[], pick: (r: Row) => number, lowest: boolean) =>
  rows.length === 0 ? null : (lowest ? Math.min : Math.max)(...rows.map(pick));

/**
 * The issue's targets (#29) on this machine: each figure beside the ceiling measured in the same run and
 * their ratio; the p99 and memory goals are in ms and KB, with the ceiling's figure beside them.
 */
export function targets(
  rows: Row[],
  idle: Idle | null,
  idleCeiling: Idle | null,
  stored: Stored | null,
): Target[] {
  const find = (target: string, transport: string, database: string, connections: number) =>
    rows.find(
      (r) =>
        r.target === target &&
        r.transport === transport &&
        r.database === database &&
        r.connections === connections,
    ) ?? null;
  const ours = (t: string, c: number) => find('mmcc-backend', t, 'Postgres', c);
  const bare = (t: string, c: number) => find(`ceiling (bare ${t})`, t, '-', c);
  const dbCeiling = (c: number) => find('database ceiling (append alone)', '-', 'Postgres', c);
  const list: Target[] = [];
  for (const [t, goal] of [
    ['ws', 35],
    ['socket.io', 30],
  ] as const) {
    const figure = ours(t, 50)?.turnsPerSecond ?? null;
    const ceiling = bare(t, 50)?.turnsPerSecond ?? null;
    const ratio = share(figure, ceiling);
    list.push({
      target: `${t} on Postgres, 50 connections: turns/s`,
      figure,
      ceiling,
      unit: 'turns/s',
      ratio,
      ratioUnit: '%',
      goal: `≥ ${goal}% of the bare ${t} ceiling`,
      met: ratio === null ? null : ratio >= goal,
    });
  }
  for (const [t, goal] of [
    ['ws', 3],
    ['socket.io', 4],
  ] as const) {
    const figure = ours(t, 50)?.cpuMsPer1000Turns ?? null;
    const ceiling = bare(t, 50)?.cpuMsPer1000Turns ?? null;
    const ratio = factor(figure, ceiling);
    list.push({
      target: `${t} on Postgres, 50 connections: server CPU per turn`,
      figure,
      ceiling,
      unit: 'ms / 1,000',
      ratio,
      ratioUnit: '×',
      goal: `≤ ${goal}× the bare ${t} server's per message`,
      met: ratio === null ? null : ratio <= goal,
    });
  }
  for (const t of ['ws', 'socket.io']) {
    const figure = ours(t, 50)?.dbCpuMsPer1000Turns ?? null;
    const ceiling = dbCeiling(50)?.dbCpuMsPer1000Turns ?? null;
    const ratio = factor(figure, ceiling);
    list.push({
      target: `${t} on Postgres, 50 connections: database CPU per turn`,
      figure,
      ceiling,
      unit: 'ms / 1,000',
      ratio,
      ratioUnit: '×',
      goal: '≤ 2× the database ceiling (the append alone)',
      met: ratio === null ? null : ratio <= 2,
    });
  }
  for (const t of ['ws', 'socket.io'])
    for (const [c, goal] of [
      [50, 10],
      [200, 40],
    ] as const) {
      const figure = ours(t, c)?.p99ms ?? null;
      const ceiling = bare(t, c)?.p99ms ?? null;
      list.push({
        target: `${t} on Postgres, ${c} connections: p99`,
        figure,
        ceiling,
        unit: 'ms',
        ratio: factor(figure, ceiling),
        ratioUnit: '×',
        goal: `≤ ${goal} ms`,
        met: figure === null ? null : figure <= goal,
      });
    }
  if (idle !== null) {
    const at = idle.connections === 10_000 ? '' : ` (measured at ${idle.connections})`;
    list.push({
      target: `idle memory per socket.io connection, 10,000 connections${at}`,
      figure: idle.kbPerConnection,
      ceiling: idleCeiling?.kbPerConnection ?? null,
      unit: 'KB',
      ratio: factor(idle.kbPerConnection, idleCeiling?.kbPerConnection ?? null),
      ratioUnit: '×',
      goal: '≤ 20 KB',
      met: idle.kbPerConnection <= 20,
    });
  }
  if (stored !== null) {
    const what = `ws on Postgres, ${stored.connections} connections, ${stored.turns.toLocaleString('en')} turns and ${stored.interactions.toLocaleString('en')} interactions stored`;
    const empty = stored.rounds.map((r) => r.empty);
    const full = stored.rounds.map((r) => r.stored);
    const tps = [
      best(full, (r) => r.turnsPerSecond, false),
      best(empty, (r) => r.turnsPerSecond, false),
    ];
    const p99 = [best(full, (r) => r.p99ms, true), best(empty, (r) => r.p99ms, true)];
    const tpsRatio = share(tps[0], tps[1]);
    const p99Ratio = share(p99[0], p99[1]);
    list.push(
      {
        target: `${what}: turns/s`,
        figure: tps[0],
        ceiling: tps[1],
        unit: 'turns/s',
        ratio: tpsRatio,
        ratioUnit: '%',
        goal: "≥ 90% of the empty database's",
        met: tpsRatio === null ? null : tpsRatio >= 90,
      },
      {
        target: `${what}: p99`,
        figure: p99[0],
        ceiling: p99[1],
        unit: 'ms',
        ratio: p99Ratio,
        ratioUnit: '%',
        goal: "≤ 110% of the empty database's",
        met: p99Ratio === null ? null : p99Ratio <= 110,
      },
      ...stored.api.map((a): Target => ({
        target: `stored: ${a.request} (GET ${a.path.replace(/\/[0-9a-f-]{36}\//, '/:id/')}), median`,
        figure: a.medianMs,
        ceiling: null,
        unit: 'ms',
        ratio: null,
        ratioUnit: '',
        goal: `≤ ${a.goalMs} ms (documented)`,
        met: a.medianMs === null ? false : a.medianMs <= a.goalMs,
      })),
    );
  }
  return list;
}

const show = (v: number | null, unit: string) =>
  v === null ? '-' : `${v.toLocaleString('en')}${unit === '' ? '' : ` ${unit}`}`;

/** The targets as printed: figure, ceiling, ratio, goal, met. */
export const targetTable = (list: Target[]) =>
  list.map((t) => ({
    target: t.target,
    figure: show(t.figure, t.unit),
    ceiling: show(t.ceiling, t.unit),
    ratio: t.ratio === null ? '-' : `${t.ratio}${t.ratioUnit}`,
    goal: t.goal,
    met: t.met === null ? 'not measured' : t.met ? 'yes' : 'no',
  }));

const markdownTable = (records: Record<string, unknown>[]) => {
  if (records.length === 0) return '';
  const keys = Object.keys(records[0]);
  const cell = (v: unknown) =>
    v === null || v === undefined
      ? '-'
      : typeof v === 'number'
        ? v.toLocaleString('en')
        : String(v);
  return [
    `| ${keys.join(' | ')} |`,
    `| ${keys.map(() => '---').join(' | ')} |`,
    ...records.map((r) => `| ${keys.map((k) => cell(r[k])).join(' | ')} |`),
  ].join('\n');
};

/** The run's tables in Markdown, for docs/performance.md's "Latest run". */
export function markdown(rows: Row[], list: Target[], stored: Stored | null): string {
  const parts = [
    markdownTable(
      rows.map((r) => ({
        target: r.target,
        transport: r.transport,
        database: r.database,
        connections: r.connections,
        'turns/s': r.turnsPerSecond,
        'p50 ms': r.p50ms,
        'p99 ms': r.p99ms,
        'server CPU ms / 1,000 turns': r.cpuMsPer1000Turns,
        'database CPU ms / 1,000 turns': r.dbCpuMsPer1000Turns,
        'turns / commit': r.turnsPerCommit,
        check: r.check,
      })),
    ),
  ];
  if (stored !== null)
    parts.push(
      markdownTable(
        stored.rounds.flatMap((r, i) =>
          [r.empty, r.stored].map((row) => ({
            round: i + 1,
            database: row.target,
            'turns/s': row.turnsPerSecond,
            'p99 ms': row.p99ms,
            'server CPU ms / 1,000 turns': row.cpuMsPer1000Turns,
            'database CPU ms / 1,000 turns': row.dbCpuMsPer1000Turns,
            check: row.check,
          })),
        ),
      ),
      markdownTable(stored.api.map((a) => ({ ...a }))),
    );
  parts.push(markdownTable(targetTable(list)));
  return parts.join('\n\n');
}
