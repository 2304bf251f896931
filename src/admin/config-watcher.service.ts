import { type FSWatcher, watch } from 'node:fs';
import { resolve } from 'node:path';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Settings } from '../settings/settings.js';
import { AdminProcessesService } from './admin-processes.service.js';

/** Editors' swap, backup and lock files: a save that writes one of them is not a change of the process yet. */
const NOISE = /(?:^|[/\\])(?:\.#[^/\\]*|#[^/\\]*#|[^/\\]*~|[^/\\]*\.sw[a-p]|\.DS_Store|4913)$/u;
/** Saves come in bursts (write, rename, chmod): one reload after the burst. */
const SETTLE_MS = 150;

/**
 * The watch mode (WATCH_CONFIG=true, `npm run dev`): a change under CONFIG_DIR reloads the processes through the
 * same entry point as POST /admin/processes/reload, so conversations carry on with the new version. A broken
 * edit is logged with its fix, and the processes that were live stay live.
 */
@Injectable()
export class ConfigWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ConfigWatcher.name);
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly changed = new Set<string>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly settings: Settings,
    private readonly processes: AdminProcessesService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.WATCH_CONFIG !== 'true') return;
    const dir = resolve(this.settings.CONFIG_DIR);
    this.watcher = watch(dir, { recursive: true }, (_event, file) => {
      if (file === null || NOISE.test(file)) return;
      this.changed.add(file);
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.reload(), SETTLE_MS);
    });
    this.watcher.on('error', (error) =>
      this.logger.error(`watching ${dir} stopped: ${error.message}`),
    );
    this.logger.log(`watching ${dir}: a change reloads the processes`);
  }

  onApplicationShutdown(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
  }

  /** One reload at a time, in order; a burst seen during one is reloaded right after it. */
  private reload(): Promise<void> {
    this.queue = this.queue.then(() => this.reloadChanged());
    return this.queue;
  }

  private async reloadChanged(): Promise<void> {
    if (this.changed.size === 0) return;
    const files = [...this.changed].sort().join(', ');
    this.changed.clear();
    try {
      const live = await this.processes.reload();
      const versions = live.map((p) => `${p.name} ${p.version}`).join(', ');
      this.logger.log(`reloaded after a change of ${files}: ${versions}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(
        `the change of ${files} was not loaded, the processes that were live stay live: ${message}`,
      );
    }
  }
}
