// bpmn-moddle and bpmn-auto-layout ship no types for their entry points: the little this project uses.
declare module 'bpmn-moddle' {
  /** A moddle element: its `$type` (e.g. "bpmn:Task") and its properties as the XML gave them. */
  export interface ModdleElement {
    readonly $type: string;
    readonly $children?: ModdleElement[];
    [property: string]: unknown;
  }
  export interface ModdleWarning {
    readonly message: string;
  }
  export class BpmnModdle {
    fromXML(xml: string): Promise<{ rootElement: ModdleElement; warnings: ModdleWarning[] }>;
    create(type: string, properties?: Record<string, unknown>): ModdleElement;
    toXML(element: ModdleElement, options?: { format?: boolean }): Promise<{ xml: string }>;
  }
}
declare module 'bpmn-auto-layout' {
  /** Adds diagram interchange (shapes and edges) to a BPMN 2.0 document that has none. */
  export function layoutProcess(xml: string): Promise<string>;
}
