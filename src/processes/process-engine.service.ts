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
import { UnknownProcessError, UnknownVersionError } from './process-errors.js';
import { shown } from './process-folder.js';
import { readSnapshot, type ProcessSnapshot } from './process-snapshot.js';
import { ProcessVersionStore, type StoredVersion } from './process-version-store.js';
import { loadVersion } from './version-loader.js';
import { policyOf, type VersionPolicy } from './version-policy.js';
import { VersionCatalog } from './version-catalog.js';

interface Registry {
  readonly processes: ReadonlyMap<string, LoadedProcess>;
  readonly defaultName: string;
}

/** A version that became a process's newest, and what its policy asks of the live interactions. */
export interface PublishedVersion {
  readonly version: StoredVersion;
  readonly policy: VersionPolicy;
}

/**
 * The ProcessEngine provider: loads the config folders (at boot and on reload), keeps each process's files
 * as an immutable version in the database, runs every interaction on the version it is pinned to (loading
 * an older one from the database when needed), and is the one place where the engine runs a step (so
 * that every transport gets the same callback timeout). A version another server published becomes the
 * current one here too, within VERSIONS_POLL_MS.
 */
@Injectable()
export class ProcessEngine implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ProcessEngine.name);
  private registry: Registry | undefined;
  readonly catalog: VersionCatalog;
  private readonly listeners: ((published: PublishedVersion) => Promise<unknown>)[] = [];
  private readonly unannounced: PublishedVersion[] = [];
  private poller: NodeJS.Timeout | undefined;
  private polling = false;

  private readonly nluPool: NluPool | undefined;
  /** Every process loaded, current or pinned by an interaction, whose workers end at shutdown. */
  private readonly loaded = new Set<LoadedProcess>();

  constructor(
    private readonly settings: Settings,
    versions: ProcessVersionStore,
  ) {
    this.nluPool =
      settings.NLU_WORKER_THREADS > 0 ? new NluPool(settings.NLU_WORKER_THREADS) : undefined;
    this.catalog = new VersionCatalog(versions, async (name, snapshot) =>
      this.bounded(
        await loadVersion(
          settings.VERSIONS_CACHE_DIR,
          name,
          snapshot,
          undefined,
          this.folderOptions(),
        ),
      ),
    );
  }

  async onModuleInit(): Promise<void> {
    await this.reload('boot');
    if (this.settings.VERSIONS_POLL_MS > 0) {
      this.poller = setInterval(() => void this.follow(), this.settings.VERSIONS_POLL_MS);
      this.poller.unref();
    }
  }

  /** After the turns in flight have finished (InteractionsService drains them before this). */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.poller);
    await Promise.all([...this.loaded].map((p) => p.close?.()));
    await this.nluPool?.close();
  }

  /**
   * Called with each version a reload of this server publishes, once it is current; a listener that comes
   * after the boot hears of what the boot published.
   */
  async onPublished(listener: (published: PublishedVersion) => Promise<unknown>): Promise<void> {
    this.listeners.push(listener);
    for (const published of this.unannounced.splice(0)) await listener(published);
  }

  /** A stored version of the process, by its number or its hash. */
  async storedVersion(name: string, ref: string | number): Promise<StoredVersion> {
    this.get(name);
    const versions = await this.catalog.list(name);
    const number = typeof ref === 'number' ? ref : /^\d+$/.test(ref) ? Number(ref) : undefined;
    const found =
      number === undefined
        ? versions.findLast((v) => v.hash === ref)
        : versions.find((v) => v.number === number);
    if (found === undefined)
      throw new UnknownVersionError(
        name,
        ref,
        versions.map((v) => v.number),
      );
    return found;
  }

  /**
   * Loads CONFIG_DIR anew; a process whose files changed becomes a new version (published `by` boot,
   * reload...). On any error it throws, nothing is published, and the processes that were live stay live.
   */
  async reload(by = 'reload'): Promise<readonly LoadedProcess[]> {
    const snapshots = new Map<string, ProcessSnapshot & { policy: VersionPolicy }>();
    const processes = await loadConfigDir(this.settings.CONFIG_DIR, async (folder, name) => {
      const root = this.settings.CONFIG_DIR;
      const snapshot = await readSnapshot(root, folder, this.settings.PROCESS_VERSION_MAX_BYTES);
      // Under npm run dev (the config watched) live interactions follow each edit unless the folder says not.
      const fallback = this.settings.WATCH_CONFIG === 'true' ? 'migrate' : 'drain';
      const policy = policyOf(snapshot, shown(folder), fallback);
      snapshots.set(name, { ...snapshot, policy });
      return this.bounded(
        await loadVersion(
          this.settings.VERSIONS_CACHE_DIR,
          name,
          snapshot,
          { root, folder },
          this.folderOptions(),
        ),
      );
    });
    let defaultName: string;
    try {
      defaultName = this.chooseDefault(processes);
    } catch (error) {
      await Promise.all([...processes.values()].map((p) => p.close?.()));
      throw error;
    }
    const published: PublishedVersion[] = [];
    for (const process of processes.values()) {
      const snapshot = snapshots.get(process.name)!;
      const result = await this.catalog.publish(process, snapshot, by);
      if (result.published && result.version.number > 1)
        published.push({ version: result.version, policy: snapshot.policy });
    }
    this.registry = { processes, defaultName };
    for (const p of processes.values()) {
      this.logger.log(
        `loaded process "${p.name}" (version ${this.catalog.label(p)}, ${p.definition.activities.size} activities, ` +
          `NLU ${p.nluSummary}) from ${p.files.folder}${p.name === defaultName ? ' [default]' : ''}`,
      );
      for (const warning of p.warnings) this.logger.warn(warning);
    }
    if (this.listeners.length === 0) this.unannounced.push(...published);
    for (const p of published) for (const listener of this.listeners) await listener(p);
    return [...processes.values()];
  }

  list(): readonly LoadedProcess[] {
    return [...this.live().processes.values()];
  }

  get defaultName(): string {
    return this.live().defaultName;
  }

  /** The named process's current version (the one new interactions start on), or the default process's. */
  /** The live version of a process; undefined when there is no such process. */
  liveVersion(name: string): LoadedProcess | undefined {
    return this.registry?.processes.get(name);
  }

  get(name?: string | null): LoadedProcess {
    const { processes, defaultName } = this.live();
    const process = processes.get(name ?? defaultName);
    if (process === undefined) throw new UnknownProcessError(name!, [...processes.keys()]);
    return process;
  }

  /**
   * The version of a process an interaction is pinned to: the current one, one loaded before, or one read
   * from the database. An interaction started before versions were kept (its version was never stored) runs
   * on the current version, as it did then.
   */
  async version(name: string, hash: string): Promise<LoadedProcess> {
    const current = this.get(name);
    if (current.version === hash) return current;
    return (await this.catalog.load(name, hash)) ?? current;
  }

  /** The welcome step of a new interaction, starting from the given kb (the process's, with the user's knowledge). */
  start(process: LoadedProcess, kb: JsonObject): Promise<StepOutcome> {
    return start(process, kb, { callbackTimeoutMs: this.settings.CALLBACK_TIMEOUT_MS });
  }

  step(process: LoadedProcess, state: InteractionState, input: Input): Promise<StepOutcome> {
    return step(process, state, input, { callbackTimeoutMs: this.settings.CALLBACK_TIMEOUT_MS });
  }

  /** Makes current here each newest version that another server published. */
  async follow(): Promise<void> {
    if (this.polling || this.registry === undefined) return;
    this.polling = true;
    try {
      for (const newest of await this.catalog.newest()) {
        const here = this.registry.processes.get(newest.process);
        if (here === undefined || here.version === newest.hash) continue;
        if ((this.catalog.numberOf(here) ?? 0) >= newest.number) continue;
        const loaded = await this.catalog.load(newest.process, newest.hash);
        if (loaded === undefined) continue;
        const processes = new Map(this.registry.processes).set(newest.process, loaded);
        this.registry = { ...this.registry, processes };
        this.logger.log(
          `process "${newest.process}": version ${this.catalog.label(loaded)}, published by another server, is current`,
        );
      }
    } catch (error) {
      this.logger.warn(`could not look for new process versions: ${(error as Error).message}`);
    } finally {
      this.polling = false;
    }
  }

  private folderOptions() {
    const { PYTHON, PYTHON_WORKERS, CALLBACK_TIMEOUT_MS } = this.settings;
    return { python: { command: PYTHON, workers: PYTHON_WORKERS, timeoutMs: CALLBACK_TIMEOUT_MS } };
  }

  /** The process with its NLU bounded (NLU_MAX_TEXT_CHARS) and, for long texts, off the event loop. */
  private bounded(process: LoadedProcess): LoadedProcess {
    // Whatever runs beside it (Python workers) ends at shutdown.
    if (process.close !== undefined) this.loaded.add(process);
    const bounds = { maxTextChars: this.settings.NLU_MAX_TEXT_CHARS, pool: this.nluPool };
    return { ...process, nlu: boundNlu(process.nlu, bounds) };
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
