import type { ModdleElement } from 'bpmn-moddle';
import { kindName } from './bpmn-graph.js';

export interface Refusal {
  problem: string;
  fix: string;
}

const ONLY_INPUT = 'the engine moves only when the user sends something';

/** Why each kind of event would not run here, and what to draw instead. */
const EVENT_DEFINITIONS: Record<string, Refusal> = {
  'bpmn:TimerEventDefinition': {
    problem: `it waits for a timer, but ${ONLY_INPUT}`,
    fix: 'remove the timer; a task whose callback compares the time (kept in the context) can wait instead',
  },
  'bpmn:MessageEventDefinition': {
    problem: `it waits for or sends a message, but ${ONLY_INPUT} and has no message channel`,
    fix: 'use a task: its callback can call a web service, and a page can send data as the user',
  },
  'bpmn:SignalEventDefinition': {
    problem: `it uses a signal, but ${ONLY_INPUT}`,
    fix: 'use a task whose callback does the work',
  },
  'bpmn:ConditionalEventDefinition': {
    problem: `it waits for a condition, but ${ONLY_INPUT}`,
    fix: 'use a task whose callback stays incomplete (complete: false) until the condition holds',
  },
};

const definitionsOf = (element: ModdleElement): ModdleElement[] =>
  Array.isArray(element.eventDefinitions) ? (element.eventDefinitions as ModdleElement[]) : [];

/**
 * Why the engine cannot run this element as drawn, or undefined when it can. Sequence flows and the
 * plain elements are checked by the reader and the mapper.
 */
export function refusal(element: ModdleElement): Refusal | undefined {
  const type = element.$type;
  if (type === 'bpmn:BoundaryEvent') {
    const host = (element.attachedToRef as { id?: string } | undefined)?.id ?? '?';
    return {
      problem: `it is a boundary event on "${host}": the engine cannot interrupt a task`,
      fix: "remove it; the task's callback decides what happens (stay incomplete, or complete and go on)",
    };
  }
  if (type === 'bpmn:IntermediateCatchEvent' || type === 'bpmn:IntermediateThrowEvent') {
    const definition = definitionsOf(element)[0];
    const known = definition === undefined ? undefined : EVENT_DEFINITIONS[definition.$type];
    return {
      problem:
        known?.problem ??
        `it is an intermediate ${definition === undefined ? '' : `${kindName(definition.$type).replace(/ event definition$/, '')} `}event, which the engine cannot run`,
      fix: known?.fix ?? 'remove it, or draw a task in its place',
    };
  }
  if (type === 'bpmn:StartEvent' || type === 'bpmn:EndEvent') {
    const definition = definitionsOf(element).find(
      (d) => d.$type !== 'bpmn:TerminateEventDefinition',
    );
    if (definition === undefined) return undefined;
    const known = EVENT_DEFINITIONS[definition.$type];
    const what = kindName(definition.$type).replace(/ event definition$/, '');
    return {
      problem: known?.problem ?? `it is a ${what} ${kindName(type)}, which the engine cannot run`,
      fix: `make it a plain ${kindName(type)} (no ${what} marker)`,
    };
  }
  if (element.loopCharacteristics !== undefined) {
    return {
      problem: 'it is a loop or multi-instance activity, which the engine cannot run',
      fix: 'remove the loop marker; a callback that stays incomplete (complete: false) asks again',
    };
  }
  if (
    type === 'bpmn:SubProcess' ||
    type === 'bpmn:Transaction' ||
    type === 'bpmn:AdHocSubProcess'
  ) {
    return {
      problem: 'sub-processes are not supported',
      fix: 'draw its elements in the process itself, between a split and a join gateway if needed',
    };
  }
  if (type === 'bpmn:CallActivity') {
    return {
      problem: 'call activities are not supported: a process cannot call another one',
      fix: "draw the called process's elements in this process",
    };
  }
  if (type === 'bpmn:EventBasedGateway' || type === 'bpmn:ComplexGateway') {
    return {
      problem: `a ${kindName(type)} is not supported`,
      fix: 'use an exclusive, inclusive or parallel gateway: its callback picks the branch from what the user sent',
    };
  }
  return undefined;
}
