// nlp.js ships no types: the little of it this project uses.
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
