import {
  type ConfigProblem,
  parseBpmnProcess,
  parseProcess,
  ProcessConfigError,
  type ProcessDefinition,
} from '../engine/index.js';

/** A process file (process.json or process.bpmn) read and validated, with what a drawing adds. */
export interface ProcessSource {
  readonly format: 'json' | 'bpmn';
  readonly definition: ProcessDefinition;
  /** Element labels from a drawing (empty for process.json). */
  readonly names: Readonly<Record<string, string>>;
  /** kb phrases carried by the drawing's elements; kb.json overrides them. */
  readonly phrases: Readonly<Record<string, string>>;
  /** The author's process.bpmn, and whether it holds a diagram (exports then give it back as drawn). */
  readonly bpmn?: { readonly xml: string; readonly drawn: boolean };
}

/** Parses process.json, my_process.json or process.bpmn, chosen by the file's extension. */
export async function parseProcessSource(
  source: string,
  file: string,
  parseJson: (source: string, file: string) => unknown,
): Promise<ProcessSource> {
  if (!file.endsWith('.bpmn')) {
    const definition = parseProcess(parseJson(source, file), file);
    return { format: 'json', definition, names: {}, phrases: {} };
  }
  const parsed = await parseBpmnProcess(source, file);
  return {
    format: 'bpmn',
    definition: parsed.definition,
    names: parsed.names,
    phrases: parsed.phrases,
    bpmn: { xml: source, drawn: parsed.hasDiagram },
  };
}

/**
 * Runs a check whose problems name activities (such as the callbacks check) and, for a drawn process,
 * adds each element's label to them, so that the author finds it in the diagram.
 */
export function withElementNames<T>(source: ProcessSource, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (source.format !== 'bpmn' || !(error instanceof ProcessConfigError)) throw error;
    throw new ProcessConfigError(
      error.problems.map((p): ConfigProblem =>
        p.activity !== undefined && source.definition.activities.has(p.activity)
          ? { ...p, name: source.names[p.activity] ?? '' }
          : p,
      ),
    );
  }
}
