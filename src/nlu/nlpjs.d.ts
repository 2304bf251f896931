// nlp.js ships no types: the little of it this project uses, typed loosely (the adapter narrows it).
declare module '@nlpjs/core' {
  export interface Container {
    registerConfiguration(tag: string, configuration: object, override?: boolean): void;
    use(plugin: unknown): void;
    get(name: string): unknown;
  }
  export function containerBootstrap(): Promise<Container>;
}
declare module '@nlpjs/nlp' {
  export const Nlp: unknown;
}
declare module '@nlpjs/lang-en-min' {
  export const LangEn: unknown;
}
declare module '@nlpjs/neural' {
  /** nlp.js's intent classifier: one leaky-ReLU unit per intent over sparse named features. */
  export class NeuralNetwork {
    constructor(settings?: { iterations?: number; errorThresh?: number; log?: boolean });
    train(corpus: { input: Record<string, number>; output: Record<string, number> }[]): {
      iterations: number;
      error: number;
    };
    run(input: Record<string, number>): Record<string, number> | undefined;
  }
}
