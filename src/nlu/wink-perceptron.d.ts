// wink-perceptron ships no types: the part of its API the entity tagger uses.
declare module 'wink-perceptron' {
  type Features = Record<string, number>;
  type Labelled = [Features, { label: string }];
  interface Perceptron {
    defineConfig(config: { shuffleData?: boolean; maxIterations?: number }): unknown;
    learn(examples: readonly Labelled[]): number;
    predict(features: Features): string;
  }
  function perceptron(): Perceptron;
  export default perceptron;
}
