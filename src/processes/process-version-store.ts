/**
 * Every file of a process folder, as one version of the process stores it: the process, the kb, the
 * callbacks, the NLU data, and the files the callbacks import from elsewhere in the config folder. Not
 * stored: dot-files, node_modules and tests/ (conversation tests are not part of what runs).
 */
export interface ProcessSnapshot {
  /** A hash of the files and their module type: the version's identity. */
  readonly hash: string;
  /** Path from the config folder (with /) → content, base64. */
  readonly files: Readonly<Record<string, string>>;
  /** The process's own folder, from the config folder ('.' when the config folder is the process). */
  readonly folder: string;
  /** How a .js file of the folder loads where it was: as an ES module or as CommonJS. */
  readonly moduleType: 'module' | 'commonjs';
  readonly bytes: number;
}

/** One stored version of a process, without its files. */
export interface StoredVersion {
  readonly process: string;
  /** 1, 2, 3... per process, in the order published. */
  readonly number: number;
  readonly hash: string;
  readonly bytes: number;
  readonly publishedAt: string;
  /** What published it: boot, reload, watch. */
  readonly publishedBy: string;
}

/** A stored version with its files. */
export interface StoredVersionFiles extends StoredVersion {
  readonly snapshot: ProcessSnapshot;
}

/**
 * The versions port: the ProcessEngine keeps every version of every process through this abstract class (also
 * the DI token); the persistence module binds it to the database, so that every server sees the same versions.
 */
export abstract class ProcessVersionStore {
  /**
   * Stores the snapshot as the process's next version, unless its latest version has these very files; either
   * way answers the latest version, and whether this call published it. Safe when servers publish at once.
   */
  abstract publish(
    process: string,
    snapshot: ProcessSnapshot,
    by: string,
  ): Promise<{ version: StoredVersion; published: boolean }>;

  /** The latest version of each process. */
  abstract latest(): Promise<StoredVersion[]>;

  /** A version with its files, by hash (the most recent, should the same files have been published twice). */
  abstract find(process: string, hash: string): Promise<StoredVersionFiles | null>;

  /** Every version of a process, the first first. */
  abstract list(process: string): Promise<StoredVersion[]>;

  /** Removes the versions of these numbers; answers how many there were. */
  abstract remove(process: string, numbers: readonly number[]): Promise<number>;
}
