/** Settings shared by the example clients: where the server is, and which process to talk to. */
export const SERVER = process.env.MMCC_URL ?? 'http://localhost:3000';
export const PROCESS = process.env.MMCC_PROCESS ?? 'quickstart';

export const show = (direction: '>' | '<', what: unknown): void => {
  console.log(`${direction} ${typeof what === 'string' ? what : JSON.stringify(what)}`);
};

/** Runs an example, failing (exit 1) on an error or after 15 seconds, so that it can never hang. */
export function run(example: () => Promise<void>): void {
  const timer = setTimeout(() => {
    console.error('timed out');
    process.exit(1);
  }, 15_000);
  example().then(
    () => {
      clearTimeout(timer);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}

/** Reads a WebSocket's text frames in order, however close together they arrive. */
export function frameReader(ws: {
  on(event: 'message', listener: (data: { toString(): string }) => void): unknown;
}): () => Promise<string> {
  const frames: string[] = [];
  const waiting: ((frame: string) => void)[] = [];
  ws.on('message', (data) => {
    const frame = data.toString();
    const next = waiting.shift();
    if (next) next(frame);
    else frames.push(frame);
  });
  return () =>
    new Promise<string>((resolve) =>
      frames.length > 0 ? resolve(frames.shift()!) : waiting.push(resolve),
    );
}
