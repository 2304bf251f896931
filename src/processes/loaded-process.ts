import type { JsonObject, RunnableProcess } from '../engine/index.js';

/** The files a process was loaded from, as paths an author would recognise. */
export interface ProcessFiles {
  readonly folder: string;
  readonly process: string;
  readonly kb?: string;
  readonly callbacks: string;
  readonly nlu?: string;
}

/** A validated process, ready to run. */
export interface LoadedProcess extends RunnableProcess {
  readonly name: string;
  /** A hash of the process's files: an interaction remembers the version it started with. */
  readonly version: string;
  /** The kb as written in kb.json; each interaction works on its own copy. */
  readonly kb: JsonObject;
  readonly files: ProcessFiles;
  readonly warnings: readonly string[];
  /** How its NLU was set up, for the boot log. */
  readonly nluSummary: string;
}
