/**
 * Group commit: writes that arrive while the database is busy wait, and go together in the next batch, so
 * one round trip and one fsync serve many turns. There is no timer: under light load a write goes at once,
 * alone; under heavy load batches grow by themselves. Each caller's promise settles with its own outcome,
 * after the batch that holds its write has committed.
 */
export class GroupCommit<W, R> {
  private pending: { write: W; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private running = 0;
  private scheduled = false;

  /**
   * @param flush writes a batch and returns one outcome per write, in order (it may throw, failing them all)
   * @param concurrency how many batches may be in flight at once
   * @param maxBatch the most writes in one batch
   * @param gather wait for the end of the current turn of the event loop before a batch goes, so that the
   *   writes made in it go together: for a flush that blocks (a synchronous driver), during which no other
   *   write could arrive to join the next batch
   */
  constructor(
    private readonly flush: (writes: W[]) => Promise<R[]>,
    private readonly concurrency: number,
    private readonly maxBatch: number,
    private readonly gather = false,
  ) {}

  write(write: W): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ write, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (!this.gather) return this.next();
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.next();
    });
  }

  private next(): void {
    if (this.running >= this.concurrency || this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.maxBatch);
    this.running += 1;
    void this.flush(batch.map((p) => p.write))
      .then(
        (outcomes) => batch.forEach((p, i) => p.resolve(outcomes[i])),
        (error: unknown) => batch.forEach((p) => p.reject(error)),
      )
      .finally(() => {
        this.running -= 1;
        this.schedule();
      });
  }
}
