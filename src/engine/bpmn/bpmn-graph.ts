import type { GatewayType } from '../types.js';
import { type ConfigProblem, ProcessConfigError } from '../errors.js';

/** What an element of the drawing is to the engine. */
export type NodeKind = 'start' | 'end' | 'task' | 'gateway';

/** One element of the drawn process that the engine can run, with its flows. */
export interface BpmnNode {
  readonly id: string;
  /** The label the diagram shows ('' when it has none). */
  readonly name: string;
  readonly kind: NodeKind;
  readonly gateway?: GatewayType;
  /** The gatewayDirection attribute when the author set it ("Diverging" / "Converging"). */
  readonly direction?: string;
  /** The kb phrase from the element's documentation or its `kb` extension property. */
  readonly phrase?: string;
  readonly incoming: BpmnFlow[];
  readonly outgoing: BpmnFlow[];
}

export interface BpmnFlow {
  readonly id: string;
  readonly source: string;
  readonly target: string;
}

/** The one process of a .bpmn file, read into what the mapper needs. */
export interface BpmnGraph {
  readonly file: string;
  readonly nodes: ReadonlyMap<string, BpmnNode>;
  /** Whether the file has diagram interchange (shapes and edges), i.e. was drawn, not only written. */
  readonly hasDiagram: boolean;
  readonly warnings: string[];
}

/** Collects the problems of one .bpmn file, each naming the element by its id and its label. */
export class BpmnProblems {
  private readonly list: ConfigProblem[] = [];
  constructor(readonly file: string) {}

  add(element: { id: string; name?: string } | undefined, problem: string, fix: string): void {
    this.list.push({
      file: this.file,
      ...(element === undefined ? {} : { activity: element.id, name: element.name ?? '' }),
      problem,
      fix,
    });
  }

  get any(): boolean {
    return this.list.length > 0;
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new ProcessConfigError(this.list);
  }

  /** Adds a problem that stops the reading at once (nothing after it could be checked). */
  fail(problem: string, fix: string): never {
    this.add(undefined, problem, fix);
    throw new ProcessConfigError(this.list);
  }
}

/** "bpmn:UserTask" → "user task", for messages in the words a modeler's palette uses. */
export const kindName = (type: string): string =>
  type
    .replace(/^bpmn:/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
