import type { Activity, InteractionState, ProcessDefinition } from '../engine/index.js';

/** One thing a process's stories should exercise. */
export type CoverageItem =
  | { readonly kind: 'activity'; readonly id: string }
  | { readonly kind: 'XOR' | 'PARALLEL'; readonly gateway: string; readonly choice: string }
  | { readonly kind: 'OR'; readonly gateway: string; readonly subset: readonly string[] };

export interface CoverageReport {
  readonly total: number;
  readonly covered: number;
  /** covered / total, as a percentage (100 for a process with nothing to cover). */
  readonly percent: number;
  readonly missed: readonly CoverageItem[];
}

/**
 * The coverage items of a process (see docs/stories.md): every activity; every choice of each XOR;
 * every branch of each PARALLEL; every non-empty subset of the branches of each OR.
 */
export function coverageItems(definition: ProcessDefinition): CoverageItem[] {
  const items: CoverageItem[] = [];
  for (const a of definition.activities.values()) items.push({ kind: 'activity', id: a.id });
  for (const a of definition.activities.values()) {
    if (a.type === 'XOR' || a.type === 'PARALLEL') {
      items.push(...a.choices.map((choice) => ({ kind: a.type as 'XOR', gateway: a.id, choice })));
    } else if (a.type === 'OR') {
      items.push(
        ...subsets(a.choices).map((subset) => ({ kind: 'OR' as const, gateway: a.id, subset })),
      );
    }
  }
  return items;
}

const keyOf = (item: CoverageItem): string =>
  item.kind === 'activity'
    ? `activity ${item.id}`
    : item.kind === 'OR'
      ? `OR ${item.gateway} ${[...item.subset].sort().join(',')}`
      : `${item.kind} ${item.gateway} ${item.choice}`;

/** Collects what the turns of a process's stories exercised. */
export class CoverageTracker {
  private readonly items: CoverageItem[];
  private readonly hit = new Set<string>();

  constructor(private readonly definition: ProcessDefinition) {
    this.items = coverageItems(definition);
  }

  /** A state a story began at. */
  reached(state: InteractionState): void {
    this.hit.add(keyOf({ kind: 'activity', id: state.current }));
  }

  /** One turn that was not refused, from the state before it to the state after it. */
  turn(before: InteractionState, after: InteractionState): void {
    this.reached(before);
    this.reached(after);
    const gateway: Activity | undefined = this.definition.activities.get(before.current);
    if (gateway === undefined) return;
    const entered = gateway.choices.includes(after.current) ? after.current : undefined;
    if (gateway.type === 'XOR' && entered !== undefined) {
      this.hit.add(keyOf({ kind: 'XOR', gateway: gateway.id, choice: entered }));
    }
    if (
      gateway.type === 'PARALLEL' &&
      entered !== undefined &&
      after.done[gateway.id] !== undefined
    ) {
      this.hit.add(keyOf({ kind: 'PARALLEL', gateway: gateway.id, choice: entered }));
    }
    // Leaving an OR drops its record of the branches done: what was done is the subset it ran.
    const left = after.current !== gateway.id && after.done[gateway.id] === undefined;
    const subset = before.done[gateway.id] ?? [];
    if (gateway.type === 'OR' && left && subset.length > 0) {
      this.hit.add(keyOf({ kind: 'OR', gateway: gateway.id, subset }));
    }
  }

  report(): CoverageReport {
    const missed = this.items.filter((item) => !this.hit.has(keyOf(item)));
    const total = this.items.length;
    const covered = total - missed.length;
    return { total, covered, percent: total === 0 ? 100 : (covered / total) * 100, missed };
  }
}

/** Every non-empty subset of the choices, smallest first, each in the gateway's order. */
function subsets(choices: readonly string[]): string[][] {
  const all: string[][] = [];
  for (let mask = 1; mask < 1 << choices.length; mask++) {
    all.push(choices.filter((_, i) => mask & (1 << i)));
  }
  return all.sort((a, b) => a.length - b.length);
}

/** How the report names an item, with the drawing's labels when the process has them. */
export function describeItem(item: CoverageItem, names: Readonly<Record<string, string>>): string {
  const name = (id: string) => (names[id] ? `${id} ("${names[id]}")` : id);
  if (item.kind === 'activity') return `activity ${name(item.id)}`;
  if (item.kind === 'OR')
    return `OR ${name(item.gateway)} with the branches {${item.subset.map(name).join(', ')}}`;
  return `${item.kind} ${name(item.gateway)} → ${name(item.choice)}`;
}
