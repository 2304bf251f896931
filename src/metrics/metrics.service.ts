import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PoolFigures } from './pool-figures.js';

/** The socket endpoints, each counted by its own name. */
export type Transport = 'socket.io' | 'ws' | 'rasa' | 'directline';
export type TurnOutcome = 'ok' | 'refused' | 'error';

/** The server's Prometheus metrics, in a registry of its own (one per app, so that tests can run several). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly turns = new Counter({
    name: 'mmcc_turns_total',
    help: 'Turns handled, by process and outcome (ok, refused by the process, error)',
    labelNames: ['process', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly turnSeconds = new Histogram({
    name: 'mmcc_turn_duration_seconds',
    help: 'Time from receiving an input to its committed reply',
    labelNames: ['process'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly sockets = new Gauge({
    name: 'mmcc_connected_sockets',
    help: 'Open client connections, by transport',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });

  private readonly errors = new Counter({
    name: 'mmcc_errors_total',
    help: 'Errors answered to clients, by code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  private readonly refusedHandshakes = new Counter({
    name: 'mmcc_refused_handshakes_total',
    help: 'Connections and sessions refused before any message (origin, token, limits, unknown interaction), by transport and code',
    labelNames: ['transport', 'code'] as const,
    registers: [this.registry],
  });

  /** The database's pool, once persistence has said where it is (watchPool). */
  private pool: PoolFigures | undefined;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'mmcc_' });
    const figures = () => this.pool?.poolStats() ?? null;
    new Gauge({
      name: 'mmcc_db_pool_connections',
      help: 'Postgres pool connections, by state (total, idle, waiting clients)',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const pool = figures();
        if (pool === null) return;
        this.set({ state: 'total' }, pool.total);
        this.set({ state: 'idle' }, pool.idle);
        this.set({ state: 'waiting' }, pool.waiting);
      },
    });
    for (const transport of ['socket.io', 'ws', 'rasa', 'directline'] as const)
      this.sockets.set({ transport }, 0);
  }

  /** The counter and histogram of each process and outcome, found once: a turn then costs two increments. */
  private readonly turnSeries = new Map<
    string,
    { count: { inc(): void }; seconds: { observe(value: number): void } }
  >();

  /** Counts a turn with its outcome and how long it took (from `startedAt`, a performance.now()). */
  turnDone(process: string, outcome: TurnOutcome, startedAt: number): void {
    const key = `${outcome} ${process}`;
    let series = this.turnSeries.get(key);
    if (series === undefined) {
      series = {
        count: this.turns.labels({ process, outcome }),
        seconds: this.turnSeconds.labels({ process }),
      };
      this.turnSeries.set(key, series);
    }
    series.count.inc();
    series.seconds.observe((performance.now() - startedAt) / 1000);
  }

  /** Reports the figures of this database pool from now on (persistence calls it once it has one). */
  watchPool(pool: PoolFigures): void {
    this.pool = pool;
  }

  socketOpened(transport: Transport): void {
    this.sockets.inc({ transport });
  }

  socketClosed(transport: Transport): void {
    this.sockets.dec({ transport });
  }

  handshakeRefused(transport: string, code: string): void {
    this.refusedHandshakes.inc({ transport, code });
  }

  error(code: string): void {
    this.errors.inc({ code });
  }
}
