import { layoutProcess } from 'bpmn-auto-layout';
import { exportBpmn } from '../engine/index.js';
import type { LoadedProcess } from './loaded-process.js';

// Laying out a diagram takes a few milliseconds: once per loaded process (a reload loads new ones).
const cache = new WeakMap<LoadedProcess, Promise<string>>();

/**
 * The process as BPMN 2.0 XML with a diagram, to open in a modeler or show in the playground: a drawn
 * process.bpmn as its author saved it (laid out first if it has no diagram), any other process
 * exported from its definition.
 */
export function processBpmn(process: LoadedProcess): Promise<string> {
  let xml = cache.get(process);
  if (xml === undefined) {
    const { bpmn } = process;
    xml =
      bpmn === undefined
        ? exportBpmn(process.definition, process.names)
        : bpmn.drawn
          ? Promise.resolve(bpmn.xml)
          : layoutProcess(bpmn.xml);
    cache.set(process, xml);
  }
  return xml;
}
