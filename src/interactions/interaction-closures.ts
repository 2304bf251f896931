import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';
import { InteractionStore } from './interaction-store.js';

/** A uid whose data was erased, and the interactions it had. */
export interface Erasure {
  readonly uid: string;
  readonly interactions: readonly string[];
}

/** Tells the other servers of an erasure; resolves once each applied it (or could not be reached). */
export type ErasureRelay = (erasure: Erasure) => Promise<void>;

/**
 * Interactions whose live connections must end now (their user was erased), on every server: each
 * server's store forgets them first (its cached copies, and any turn of them from now on), then each of
 * its transports closes its connections of them. The other servers are reached through the relay that
 * the fan-out installs (none without REDIS_URL).
 */
@Injectable()
export class InteractionClosures {
  private readonly closures = new Subject<Erasure>();
  /** The erasures to apply to this server's connections (from this server or another). */
  readonly closed = this.closures.asObservable();
  private relay: ErasureRelay | undefined;

  constructor(private readonly store: InteractionStore) {}

  relayWith(relay: ErasureRelay): void {
    this.relay = relay;
  }

  /** Applies the erasure here and on every other server; resolves once they all did (or timed out). */
  async close(erasure: Erasure): Promise<void> {
    if (erasure.interactions.length === 0) return;
    this.apply(erasure);
    await this.relay?.(erasure);
  }

  /** Applies the erasure to this server: its store, then its transports. */
  apply(erasure: Erasure): void {
    if (erasure.interactions.length === 0) return;
    this.store.forget(erasure.interactions);
    this.closures.next(erasure);
  }
}
