import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import {
  type Input,
  type InteractionState,
  type JsonObject,
  start,
  step,
  type StepOutcome,
} from '../engine/index.js';
import { boundNlu } from '../nlu/off-thread/bounded-nlu.js';
import { NluPool } from '../nlu/off-thread/nlu-pool.js';
import { Settings } from '../settings/settings.js';
import { loadConfigDir } from './config-loader.js';
import type { LoadedProcess } from './loaded-process.js';
import { UnknownProcessError } from './process-errors.js';

interface Registry {
  readonly processes: ReadonlyMap<string, LoadedProcess>;
  readonly defaultName: string;
}

/**
 * The registry of live processes, loaded from CONFIG_DIR at boot, and the one place where the engine
 * runs a step (so that every transport gets the same callback timeout).
 */
@Injectable()
export class ProcessRegistry implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ProcessRegistry.name);
  private registry: Registry | undefined;

  private readonly nluPool: NluPool | undefined;

  constructor(private readonly settings: Settings) {
    this.nluPool =
      settings.NLU_WORKER_THREADS > 0 ? new NluPool(settings.NLU_WORKER_THREADS) : undefined;
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
  }

  /** Loads CONFIG_DIR anew. On any error it throws, and the processes that were live stay live. */
  async reload(): Promise<readonly LoadedProcess[]> {
    const { PYTHON, PYTHON_WORKERS, CALLBACK_TIMEOUT_MS } = this.settings;
    const bounds = { maxTextChars: this.settings.NLU_MAX_TEXT_CHARS, pool: this.nluPool };
    const loaded = await loadConfigDir(this.settings.CONFIG_DIR, {
      python: { command: PYTHON, workers: PYTHON_WORKERS, timeoutMs: CALLBACK_TIMEOUT_MS },
    });
    const processes = new Map(
      [...loaded].map(([name, p]) => [name, { ...p, nlu: boundNlu(p.nlu, bounds) }]),
    );
    let defaultName: string;
    try {
      defaultName = this.chooseDefault(processes);
    } catch (error) {
      await closeAll(processes.values());
      throw error;
    }
    const replaced = this.registry?.processes.values();
    this.registry = { processes, defaultName };
    // The processes replaced finish the turns they are running, then their workers end.
    if (replaced !== undefined) void closeAll(replaced);
    for (const p of processes.values()) {
      this.logger.log(
        `loaded process "${p.name}" (version ${p.version}, ${p.definition.activities.size} activities, ` +
          `NLU ${p.nluSummary}) from ${p.files.folder}${p.name === defaultName ? ' [default]' : ''}`,
      );
      for (const warning of p.warnings) this.logger.warn(warning);
    }
    return [...processes.values()];
  }

  /** After the turns in flight have finished (InteractionsService drains them before this). */
  async onApplicationShutdown(): Promise<void> {
    if (this.registry !== undefined) await closeAll(this.registry.processes.values());
    await this.nluPool?.close();
  }

  list(): readonly LoadedProcess[] {
    return [...this.live().processes.values()];
  }

  get defaultName(): string {
    return this.live().defaultName;
  }

  /** The named process, or the default one when no name is given. */
  get(name?: string | null): LoadedProcess {
    const { processes, defaultName } = this.live();
    const process = processes.get(name ?? defaultName);
    if (process === undefined) throw new UnknownProcessError(name!, [...processes.keys()]);
    return process;
  }

  /** The welcome step of a new interaction, starting from the given kb (the process's, with the user's knowledge). */
  start(process: LoadedProcess, kb: JsonObject): Promise<StepOutcome> {
    return start(process, kb, { callbackTimeoutMs: this.settings.CALLBACK_TIMEOUT_MS });
  }

  step(process: LoadedProcess, state: InteractionState, input: Input): Promise<StepOutcome> {
    return step(process, state, input, { callbackTimeoutMs: this.settings.CALLBACK_TIMEOUT_MS });
  }

  private chooseDefault(processes: ReadonlyMap<string, LoadedProcess>): string {
    const wanted = this.settings.DEFAULT_PROCESS;
    if (wanted !== undefined) {
      if (!processes.has(wanted)) {
        throw new Error(
          `DEFAULT_PROCESS is "${wanted}", but ${new UnknownProcessError(wanted, [...processes.keys()]).message}`,
        );
      }
      return wanted;
    }
    const first = [...processes.keys()][0];
    if (processes.size > 1) {
      this.logger.log(
        `DEFAULT_PROCESS is not set: "${first}" (the first by name) is the default process`,
      );
    }
    return first;
  }

  private live(): Registry {
    if (this.registry === undefined) throw new Error('the processes are not loaded yet');
    return this.registry;
  }
}

const closeAll = (processes: Iterable<LoadedProcess>) =>
  Promise.all([...processes].map((p) => p.close?.()));
