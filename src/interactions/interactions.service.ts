import { randomUUID } from 'node:crypto';
import { type BeforeApplicationShutdown, Injectable, Logger, Optional } from '@nestjs/common';
import { checkInteractionId, checkSeq } from '../common/bounds.js';
import {
  EngineError,
  type Input,
  kbForUser,
  type StepOutcome,
  StepFailedError,
} from '../engine/index.js';
import { MetricsService } from '../metrics/metrics.service.js';
import {
  InteractionStore,
  type TurnRequest,
  type TurnResult,
  type TurnStep,
} from './interaction-store.js';
import type { LoadedProcess } from '../processes/loaded-process.js';
import { ProcessEngine } from '../processes/process-engine.service.js';
import { UnknownProcessError } from '../processes/process-errors.js';
import { Settings } from '../settings/settings.js';
import {
  InteractionNotFoundError,
  ProcessUnavailableError,
  ShuttingDownError,
} from './interaction-errors.js';
import { describeInteraction, type InteractionView } from './interaction.view.js';
import type { InteractionRecord, StoredReply, TranscriptEntry } from './model/interaction.model.js';
import { ConcurrentTurnError } from './model/turn.errors.js';
import { ReplyBus } from './reply-bus.js';
import { StepFailures } from './step-failures.js';
import { heldTurn, isHeld } from './takeover/held-turn.js';
import { TurnQueues } from './turn-queues.js';
import { toWrite } from './turn-write.js';

export interface StartedInteraction {
  readonly interaction: string;
  readonly uid: string;
  readonly process: string;
  readonly reply: StoredReply;
}

/**
 * The one place where a turn happens, for every transport: serialise the interaction's turns, run one
 * engine step on it, have the store commit it (state and transcript together), and only then publish the
 * reply. How a turn stays right against other servers and repeated messages is the store's business.
 */
@Injectable()
export class InteractionsService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(InteractionsService.name);
  private readonly queues: TurnQueues;
  /** Decided once: at the usual levels a turn costs no log call at all. */
  private readonly logTurns: boolean;
  private readonly inFlight = new Set<Promise<unknown>>();
  private draining = false;
  private drained?: Promise<void>;

  constructor(
    private readonly store: InteractionStore,
    private readonly registry: ProcessEngine,
    private readonly bus: ReplyBus,
    private readonly metrics: MetricsService,
    private readonly settings: Settings,
    @Optional() private readonly failures?: StepFailures,
  ) {
    this.queues = new TurnQueues(settings.TURN_QUEUE_LIMIT);
    this.logTurns = settings.LOG_LEVEL === 'debug' || settings.LOG_LEVEL === 'trace';
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.drain();
  }

  /** Stops taking new turns and waits (up to SHUTDOWN_TIMEOUT_MS) for those in flight; once, for every caller. */
  drain(): Promise<void> {
    return (this.drained ??= this.waitForTurns());
  }

  private async waitForTurns(): Promise<void> {
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

  /**
   * Starts an interaction of a process (the default one when none is named) for a uid (a new one when none),
   * under the given id when the transport chose one (a Rasa session id names its interaction before it starts).
   */
  start(
    uid: string | undefined,
    processName?: string,
    id: string = randomUUID(),
  ): Promise<StartedInteraction> {
    return this.track(() => this.begin(uid, processName, id));
  }

  /** Whose interaction it is, null when there is none: for a transport holding a signed credential for it. */
  async ownerOf(id: string): Promise<string | null> {
    return (await this.store.find(checkInteractionId(id)))?.uid ?? null;
  }

  /**
   * Handles one input of the interaction's owner. A message id seen before gets the stored reply (and
   * nothing is published again). `connection`: the socket that sent it, answered by its transport itself.
   */
  handle(
    id: string,
    uid: string,
    input: Input,
    messageId: string | null = null,
    connection?: string,
  ): Promise<StoredReply> {
    checkInteractionId(id);
    return this.track(() =>
      this.queues.run(id, () => this.turn(id, uid, input, messageId, connection)),
    );
  }

  /**
   * Runs a turn that no user sent (a migration's move) in the interaction's queue, like a message: the
   * store fences it against other servers, the queue against this server's turns.
   */
  runTurn(request: TurnRequest, step: TurnStep): Promise<TurnResult | null> {
    return this.track(() => this.queues.run(request.id, () => this.store.turn(request, step)));
  }

  private async turn(
    id: string,
    uid: string,
    input: Input,
    messageId: string | null,
    connection: string | undefined,
  ): Promise<StoredReply> {
    const startedAt = performance.now();
    let process: LoadedProcess | undefined;
    let activity: string | undefined;
    try {
      const result = await this.store.turn({ id, uid, messageId }, async (interaction) => {
        process = this.pinned(interaction) ?? (await this.processOf(interaction));
        const { state } = interaction;
        activity = state.current;
        if (isHeld(interaction)) return heldTurn(interaction, input, messageId);
        const outcome = await this.run(process, id, () =>
          this.registry.step(process!, state, input),
        );
        const seq = interaction.lastSeq + 1;
        return toWrite(process, outcome, { seq, input, messageId, activityBefore: state.current });
      });
      if (result === null) throw new InteractionNotFoundError(id);
      if (result.replayed) return result.reply;
      this.metrics.turnDone(process!.name, 'ok', startedAt);
      if (this.logTurns) {
        const { seq, activity } = result.reply;
        this.logger.debug({
          msg: 'turn committed',
          interaction: id,
          process: process!.name,
          seq,
          activity,
        });
      }
      this.bus.publish(id, { reply: result.reply, input, messageId }, connection);
      return result.reply;
    } catch (error) {
      if (process !== undefined)
        this.metrics.turnDone(
          process.name,
          error instanceof EngineError ? 'refused' : 'error',
          startedAt,
        );
      if (error instanceof EngineError && activity !== undefined) {
        const at = (error as { activity?: string }).activity ?? activity;
        this.failures?.report({ interaction: id, activity: at, code: error.code });
      }
      throw error;
    }
  }

  /** The interaction as its owner may see it. */
  async get(id: string, uid: string): Promise<InteractionView> {
    return describeInteraction(await this.owned(id, uid), this.registry);
  }

  /** The transcript after a seq (0 for all of it): also what a client that reconnects has missed. */
  async transcript(id: string, uid: string, afterSeq = 0): Promise<TranscriptEntry[]> {
    checkSeq(afterSeq, 'after');
    await this.owned(id, uid);
    return this.store.transcript(id, afterSeq);
  }

  /** The interaction's last reply (its welcome before any turn). */
  async lastReply(id: string, uid: string): Promise<StoredReply | undefined> {
    const record = await this.owned(id, uid);
    const entries = await this.store.transcript(id, record.lastSeq - 1);
    return entries.at(-1)?.reply;
  }

  /** Counts the work as in flight until it settles; refuses it once the server is shutting down. */
  private track<T>(work: () => Promise<T>): Promise<T> {
    if (this.draining) return Promise.reject(new ShuttingDownError());
    const promise = work();
    this.inFlight.add(promise);
    const settled = () => void this.inFlight.delete(promise);
    promise.then(settled, settled);
    return promise;
  }

  private async begin(
    uid: string | undefined,
    processName: string | undefined,
    id: string,
  ): Promise<StartedInteraction> {
    const process = this.registry.get(processName);
    const owner = uid ?? randomUUID();
    const kb = kbForUser(process.kb, await this.store.knowledge(owner, process.name));
    const outcome = await this.run(process, id, () => this.registry.start(process, kb));
    const welcome = toWrite(process, outcome, {
      seq: 1,
      input: null,
      messageId: null,
      activityBefore: null,
    });
    const interaction = { id, uid: owner, process: process.name, processVersion: process.version };
    // (a random id that was taken: as unlikely as it gets, and retryable)
    if (!(await this.store.create(interaction, welcome))) throw new ConcurrentTurnError(id);
    this.logger.log({
      msg: 'interaction started',
      interaction: id,
      process: process.name,
      uid: owner,
    });
    return { interaction: id, uid: owner, process: process.name, reply: welcome.entry.reply };
  }

  private async owned(id: string, uid: string): Promise<InteractionRecord> {
    const interaction = await this.store.find(checkInteractionId(id));
    if (interaction === null || interaction.uid !== uid) throw new InteractionNotFoundError(id);
    return interaction;
  }

  /** The live version of the interaction's process when it is pinned to that one (most turns): no wait. */
  private pinned(interaction: InteractionRecord): LoadedProcess | undefined {
    const live = this.registry.liveVersion(interaction.process);
    return live?.version === interaction.processVersion ? live : undefined;
  }

  /** The version of its process the interaction is pinned to. */
  private async processOf(interaction: InteractionRecord): Promise<LoadedProcess> {
    try {
      return await this.registry.version(interaction.process, interaction.processVersion);
    } catch (error) {
      if (error instanceof UnknownProcessError)
        throw new ProcessUnavailableError(interaction.process);
      throw error;
    }
  }

  /** Runs an engine step, logging a refused one with the process, activity and interaction. */
  private run(
    process: LoadedProcess,
    id: string,
    step: () => Promise<StepOutcome>,
  ): Promise<StepOutcome> {
    return step().catch((error: unknown) => {
      if (error instanceof EngineError) {
        const failed = error instanceof StepFailedError ? error : undefined;
        this.logger.warn({
          msg: `step refused: ${failed?.detail ?? error.message}`,
          code: error.code,
          interaction: id,
          process: process.name,
          activity: (error as { activity?: string }).activity,
          ...(failed?.cause instanceof Error ? { stack: failed.cause.stack } : {}),
        });
      }
      throw error;
    });
  }
}
