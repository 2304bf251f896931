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
  /** The kb as written in kb.json (over a drawing's phrases); each interaction works on its own copy. */
  readonly kb: JsonObject;
  readonly files: ProcessFiles;
  /** The label of each element of a drawn process (process.bpmn); empty for process.json. */
  readonly names: Readonly<Record<string, string>>;
  /** A process.bpmn as the author saved it, and whether it holds its diagram (shapes and edges). */
  readonly bpmn?: { readonly xml: string; readonly drawn: boolean };
  readonly warnings: readonly string[];
  /** How its NLU was set up, for the boot log. */
  readonly nluSummary: string;
  /** Ends what the process runs beside the server (its Python workers), once it is no longer live. */
  readonly close?: () => Promise<void>;
}
