import { GroupCommit } from '../../../src/persistence/group-commit.js';

/** A flush whose batches the test releases by hand, recording what each batch held. */
function manualFlush() {
  const batches: number[][] = [];
  const release: (() => void)[] = [];
  const flush = (writes: number[]) => {
    batches.push(writes);
    return new Promise<string[]>((resolve) =>
      release.push(() => resolve(writes.map((w) => `done ${w}`))),
    );
  };
  return { batches, release, flush };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe(GroupCommit.name, () => {
  it('sends a write at once when idle, and batches the writes that arrive while a batch is in flight', async () => {
    const { batches, release, flush } = manualFlush();
    const commits = new GroupCommit(flush, 1, 100);
    const first = commits.write(1);
    const rest = [2, 3, 4].map((w) => commits.write(w));
    expect(batches).toEqual([[1]]);

    release[0]();
    expect(await first).toBe('done 1');
    await settle();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    release[1]();
    expect(await Promise.all(rest)).toEqual(['done 2', 'done 3', 'done 4']);
  });

  it('keeps at most `concurrency` batches in flight and at most `maxBatch` writes in one', async () => {
    const { batches, release, flush } = manualFlush();
    const commits = new GroupCommit(flush, 2, 2);
    const all = [1, 2, 3, 4, 5, 6].map((w) => commits.write(w));
    expect(batches).toEqual([[1], [2]]);
    release[0]();
    await settle();
    expect(batches).toEqual([[1], [2], [3, 4]]);
    release[1]();
    release[2]();
    await settle();
    expect(batches).toEqual([[1], [2], [3, 4], [5, 6]]);
    release[3]();
    expect(await Promise.all(all)).toHaveLength(6);
  });

  it('fails every write of a batch whose flush throws, and goes on with the next batch', async () => {
    let calls = 0;
    const commits = new GroupCommit(
      async (writes: number[]) => {
        calls += 1;
        if (calls === 1) throw new Error('database gone');
        return writes.map(() => 'ok');
      },
      1,
      10,
    );
    await expect(commits.write(1)).rejects.toThrow('database gone');
    await expect(commits.write(2)).resolves.toBe('ok');
  });

  it('with gather, waits for the end of the event loop turn, so that writes made in it go in one batch', async () => {
    const batches: number[][] = [];
    const commits = new GroupCommit(
      async (writes: number[]) => (batches.push(writes), writes.map(() => 'ok')),
      1,
      100,
      true,
    );
    const all = [1, 2, 3].map((w) => commits.write(w));
    expect(batches).toEqual([]);
    await Promise.all(all);
    expect(batches).toEqual([[1, 2, 3]]);
  });
});
