import { randomUUID } from 'node:crypto';
import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { Mutex } from 'async-mutex';
import {
  EngineError,
  type Input,
  kbForUser,
  knowledgeChanges,
  type StepOutcome,
} from '../engine/index.js';
import { InteractionStore } from '../persistence/interaction-store.js';
import {
  DuplicateMessageError,
  type InteractionRecord,
  type InteractionStatus,
  type StoredReply,
  type TranscriptEntry,
  type TurnWrite,
} from '../persistence/interaction.records.js';
import type { LoadedProcess } from '../processes/loaded-process.js';
import { ConcurrentTurnError } from '../persistence/persistence-errors.js';
import { ProcessRegistry } from '../processes/process-registry.service.js';
import {
  InteractionBusyError,
  InteractionNotFoundError,
  ProcessUnavailableError,
  ShuttingDownError,
} from './interaction-errors.js';
import { Settings } from '../settings/settings.js';
import { describeInteraction, type InteractionView } from './interaction.view.js';
import { ReplyBus } from './reply-bus.js';
import { MetricsService } from '../metrics/metrics.service.js';

export interface StartedInteraction {
  readonly interaction: string;
  readonly uid: string;
  readonly process: string;
  readonly reply: StoredReply;
}

/**
 * The one place where a turn happens, for every transport: find the interaction and check its owner,
 * serialise its turns, run one engine step, commit state and transcript in one transaction, and only
 * then return the reply.
 */
@Injectable()
export class InteractionsService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(InteractionsService.name);
  /** Turns of one interaction in this process wait here, in order of arrival, before they reach the database. */
  private readonly queues = new Map<string, { mutex: Mutex; waiting: number }>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private draining = false;

  constructor(
    private readonly store: InteractionStore,
    private readonly registry: ProcessRegistry,
    private readonly bus: ReplyBus,
    private readonly metrics: MetricsService,
    private readonly settings: Settings,
  ) {}

  /** Stops taking new turns and waits (up to SHUTDOWN_TIMEOUT_MS) for those in flight: their replies are delivered. */
  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    if (this.inFlight.size === 0) return;
    this.logger.log({ msg: `waiting for ${this.inFlight.size} turn(s) in flight` });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise(
      (resolve) => (timer = setTimeout(resolve, this.settings.SHUTDOWN_TIMEOUT_MS)),
    );
    await Promise.race([Promise.allSettled(this.inFlight), timeout]);
    clearTimeout(timer);
  }

  /** Counts the work as in flight until it settles; refuses it once the server is shutting down. */
  private track<T>(work: () => Promise<T>): Promise<T> {
    if (this.draining) return Promise.reject(new ShuttingDownError());
    const promise = work();
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise)).catch(() => undefined);
    return promise;
  }

  /** Starts an interaction of a process (the default one when none is named) for a uid (a new one when none). */
  start(uid: string | undefined, processName?: string): Promise<StartedInteraction> {
    return this.track(() => this.begin(uid, processName));
  }

  private async begin(uid: string | undefined, processName?: string): Promise<StartedInteraction> {
    const process = this.registry.get(processName);
    const owner = uid ?? randomUUID();
    const kb = kbForUser(process.kb, await this.store.knowledge(owner, process.name));
    const id = randomUUID();
    const outcome = await this.run(process, id, () => this.registry.start(process, kb));
    const welcome = this.toWrite(process, outcome, 1, null, null, null);
    await this.store.create(
      { id, uid: owner, process: process.name, processVersion: process.version },
      welcome,
    );
    this.logger.log({
      msg: 'interaction started',
      interaction: id,
      process: process.name,
      uid: owner,
    });
    return { interaction: id, uid: owner, process: process.name, reply: welcome.entry.reply };
  }

  /** Handles one input of the interaction's owner. A message id seen before gets the stored reply. */
  handle(
    id: string,
    uid: string,
    input: Input,
    messageId: string | null = null,
  ): Promise<StoredReply> {
    return this.track(() => this.turn(id, uid, input, messageId));
  }

  private async turn(
    id: string,
    uid: string,
    input: Input,
    messageId: string | null = null,
  ): Promise<StoredReply> {
    return this.serialised(id, async () => {
      try {
        return await this.attempt(id, uid, input, messageId, false);
      } catch (error) {
        // Another server process committed a turn of this interaction first: once more, exclusively.
        if (!(error instanceof ConcurrentTurnError)) throw error;
        return this.attempt(id, uid, input, messageId, true);
      }
    });
  }

  /** One try at a turn: open it, run the step, commit, publish the reply. */
  private async attempt(
    id: string,
    uid: string,
    input: Input,
    messageId: string | null,
    exclusive: boolean,
  ): Promise<StoredReply> {
    const turn = await this.store.openTurn(id, messageId, exclusive);
    if (turn === null || turn.interaction.uid !== uid) {
      await turn?.release();
      throw new InteractionNotFoundError(id);
    }
    try {
      if (turn.duplicate !== null) return turn.duplicate.reply;
      const { interaction } = turn;
      const process = this.processOf(interaction);
      const done = this.metrics.startTurn(process.name);
      try {
        const outcome = await this.run(process, id, () =>
          this.registry.step(process, interaction.state, input),
        );
        const write = this.toWrite(
          process,
          outcome,
          interaction.lastSeq + 1,
          input,
          messageId,
          interaction.state.current,
        );
        await turn.commit(write);
        done('ok');
        this.logger.debug({
          msg: 'turn committed',
          interaction: id,
          process: process.name,
          seq: write.entry.seq,
          activity: write.entry.activityAfter,
        });
        this.bus.publish(id, write.entry);
        return write.entry.reply;
      } catch (error) {
        // A turn that lost the race to another server runs again (turn()): that run is the one counted.
        if (!(error instanceof ConcurrentTurnError && !exclusive))
          done(error instanceof EngineError ? 'refused' : 'error');
        throw error;
      }
    } catch (error) {
      if (error instanceof DuplicateMessageError && messageId !== null)
        return this.storedReply(id, messageId);
      throw error;
    } finally {
      await turn.release();
    }
  }

  /** The interaction as its owner may see it. */
  async get(id: string, uid: string): Promise<InteractionView> {
    return describeInteraction(await this.owned(id, uid), this.registry);
  }

  /** The transcript after a seq (0 for all of it): also what a client that reconnects has missed. */
  async transcript(id: string, uid: string, afterSeq = 0): Promise<TranscriptEntry[]> {
    await this.owned(id, uid);
    return this.store.transcript(id, afterSeq);
  }

  private async owned(id: string, uid: string): Promise<InteractionRecord> {
    const interaction = await this.store.find(id);
    if (interaction === null || interaction.uid !== uid) throw new InteractionNotFoundError(id);
    return interaction;
  }

  private processOf(interaction: InteractionRecord): LoadedProcess {
    try {
      return this.registry.get(interaction.process);
    } catch {
      throw new ProcessUnavailableError(interaction.process);
    }
  }

  /** Runs an engine step, logging a refused one with the process, activity and interaction. */
  private async run(
    process: LoadedProcess,
    id: string,
    step: () => Promise<StepOutcome>,
  ): Promise<StepOutcome> {
    try {
      return await step();
    } catch (error) {
      if (error instanceof EngineError) {
        this.logger.warn({
          msg: `step refused: ${error.message}`,
          code: error.code,
          interaction: id,
          process: process.name,
          activity: (error as { activity?: string }).activity,
        });
      }
      throw error;
    }
  }

  private toWrite(
    process: LoadedProcess,
    outcome: StepOutcome,
    seq: number,
    input: Input | null,
    messageId: string | null,
    activityBefore: string | null,
  ): TurnWrite {
    const { state } = outcome;
    const status: InteractionStatus =
      process.definition.activities.get(state.current)?.type === 'END' ? 'completed' : 'active';
    const reply: StoredReply = { ...outcome.reply, seq, activity: state.current, status };
    return {
      state,
      status,
      entry: { seq, messageId, input, reply, activityBefore, activityAfter: state.current },
      knowledge: outcome.reachedEnd ? knowledgeChanges(process.kb, state.kb) : undefined,
    };
  }

  private async storedReply(id: string, messageId: string): Promise<StoredReply> {
    const entry = (await this.store.transcript(id, 0)).find((e) => e.messageId === messageId);
    if (entry === undefined) throw new InteractionNotFoundError(id);
    return entry.reply;
  }

  /** Runs the work after every earlier turn of this interaction in this process. */
  private async serialised<T>(id: string, work: () => Promise<T>): Promise<T> {
    let queue = this.queues.get(id);
    if (queue === undefined) {
      queue = { mutex: new Mutex(), waiting: 0 };
      this.queues.set(id, queue);
    }
    // The one running counts too: at most TURN_QUEUE_LIMIT wait behind it.
    if (queue.waiting > this.settings.TURN_QUEUE_LIMIT)
      throw new InteractionBusyError(queue.waiting);
    queue.waiting += 1;
    try {
      return await queue.mutex.runExclusive(work);
    } finally {
      queue.waiting -= 1;
      if (queue.waiting === 0) this.queues.delete(id);
    }
  }
}
