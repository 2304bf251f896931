import { ProcessConfigError } from '../errors.js';
import { parseProcess } from '../process-parser.js';
import type { ProcessDefinition } from '../types.js';
import { mapBpmn } from './bpmn-mapper.js';
import { readBpmn } from './bpmn-reader.js';

/** A process read from a .bpmn file: the definition the engine runs, and what the drawing adds to it. */
export interface BpmnProcess {
  readonly definition: ProcessDefinition;
  /** The label of each element that has one, as the diagram shows it. */
  readonly names: Readonly<Record<string, string>>;
  /** kb phrases carried by the elements; kb.json has the last word. */
  readonly phrases: Readonly<Record<string, string>>;
  /** Whether the file holds its own diagram (shapes and edges), which exports give back as drawn. */
  readonly hasDiagram: boolean;
}

/**
 * Parses and validates a process.bpmn: read with bpmn-moddle, mapped to the process.json model, then
 * validated by the same parser as process.json, so every rule applies to both. Throws a
 * ProcessConfigError naming the file, each element (id and label) and the fix.
 */
export async function parseBpmnProcess(xml: string, file: string): Promise<BpmnProcess> {
  const graph = await readBpmn(xml, file);
  const mapped = mapBpmn(graph);
  let definition: ProcessDefinition;
  try {
    definition = parseProcess(mapped.document, file);
  } catch (error) {
    if (!(error instanceof ProcessConfigError)) throw error;
    // The parser speaks of activities; a BPMN author also sees each element's label.
    throw new ProcessConfigError(
      error.problems.map((p) =>
        p.activity !== undefined && graph.nodes.has(p.activity)
          ? { ...p, name: graph.nodes.get(p.activity)!.name }
          : p,
      ),
    );
  }
  return {
    definition: { ...definition, warnings: [...mapped.warnings, ...definition.warnings] },
    names: mapped.names,
    phrases: mapped.phrases,
    hasDiagram: graph.hasDiagram,
  };
}
