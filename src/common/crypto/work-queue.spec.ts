import { WorkQueue } from './work-queue';

/** A job that finishes when the test says so. */
function deferred() {
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  return { done, finish };
}

describe('WorkQueue', () => {
  it('runs at most `concurrency` jobs at once and starts waiters in arrival order', async () => {
    const queue = new WorkQueue(2, 10);
    const jobs = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const results = jobs.map((job, i) =>
      queue.submit(async () => {
        started.push(i);
        await job.done;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(queue.pending).toBe(2);

    jobs[1].finish();
    await results[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);

    jobs[0].finish();
    jobs[2].finish();
    jobs[3].finish();
    expect(await Promise.all(results)).toEqual([0, 1, 2, 3]);
    expect(started).toEqual([0, 1, 2, 3]);
  });

  it('refuses at once past the queue limit, and takes work again once a slot frees', async () => {
    const queue = new WorkQueue(1, 1);
    const first = deferred();
    const running = queue.submit(() => first.done);
    const waiting = queue.submit(() => Promise.resolve('second'));
    expect(running).not.toBeNull();
    expect(waiting).not.toBeNull();
    expect(queue.submit(() => Promise.resolve('refused'))).toBeNull();

    first.finish();
    await running;
    expect(await waiting).toBe('second');
    expect(await queue.submit(() => Promise.resolve('again'))).toBe('again');
  });

  it('frees the slot when a job fails', async () => {
    const queue = new WorkQueue(1, 0);
    await expect(queue.submit(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await queue.submit(() => Promise.resolve(7))).toBe(7);
  });
});
