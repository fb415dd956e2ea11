/**
 * At most `concurrency` jobs run at once; up to `limit` more wait their turn in arrival order, and
 * past that `submit` refuses at once (the caller answers 503). bcrypt runs on libuv's thread pool, which
 * also serves DNS, file and zlib work: unbounded, a login storm takes every core from every request.
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly limit: number,
  ) {}

  /** Null when the queue is full (nothing was started). */
  submit<T>(job: () => Promise<T>): Promise<T> | null {
    if (this.running >= this.concurrency && this.waiting.length >= this.limit) return null;
    return this.turn().then(async () => {
      try {
        return await job();
      } finally {
        this.release();
      }
    });
  }

  get pending(): number {
    return this.waiting.length;
  }

  private turn(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    // The slot passes straight from the finishing job to the first waiter (running stays the same).
    return new Promise((start) => this.waiting.push(start));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
