import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths';
import { RequestLimiter } from '../src/stripe/limiter';
import { Pacer, SAFETY } from '../src/stripe/pacer';

describe('pacer', () => {
  it('spaces starts by when they actually happen, so a late timer is never followed by a short gap', async () => {
    let clock = 0;
    let late = 15; // the first wait's timer fires 15 ms late (a busy event loop)
    const pacer = new Pacer(40, () => clock, (ms) => {
      clock += ms + late;
      late = 0;
      return Promise.resolve();
    });
    const starts: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      await pacer.wait();
      starts.push(clock);
      clock += 1; // the request takes a moment to send
    }
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(40 * SAFETY);
    // after the late timer, one more interval: the request before it may have been sent late too
    expect(gaps[0]).toBeGreaterThanOrEqual(40 * SAFETY + 15 + 40 * SAFETY);
  });
});

describe('request limiter', () => {
  it('runs at most its concurrency at once, first come first served', async () => {
    const limiter = new RequestLimiter(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const job = (i: number) => async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      order.push(i);
      running -= 1;
      return i;
    };
    const results = await Promise.all([0, 1, 2, 3, 4].map((i) => limiter.run(job(i), () => null)));
    expect(results).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('retries a failed job as its retry decision says, and gives its slot to others meanwhile', async () => {
    const limiter = new RequestLimiter(1);
    const seen: string[] = [];
    let attempts = 0;
    const flaky = limiter.run(async () => {
      attempts += 1;
      seen.push(`flaky ${attempts}`);
      if (attempts < 3) throw new Error('503');
      return 'ok';
    }, (_error, attempt) => (attempt < 5 ? 1 : null));
    const other = limiter.run(async () => {
      seen.push('other');
      return 'other';
    }, () => null);
    await expect(Promise.all([flaky, other])).resolves.toEqual(['ok', 'other']);
    expect(seen.indexOf('other')).toBeLessThan(seen.indexOf('flaky 3'));
    await expect(limiter.run(() => Promise.reject(new Error('400')), () => null)).rejects.toThrow('400');
  });

  it('drops the waiting requests and refuses new ones once stopped', async () => {
    const limiter = new RequestLimiter(1);
    let release: () => void = () => undefined;
    const first = limiter.run(() => new Promise<string>((resolve) => (release = () => resolve('done'))), () => null);
    const waiting = limiter.run(() => Promise.resolve('never'), () => null);
    await new Promise((resolve) => setImmediate(resolve));
    limiter.stop();
    await expect(waiting).rejects.toThrow('the run stopped');
    await expect(limiter.run(() => Promise.resolve('late'), () => null)).rejects.toThrow('the run stopped');
    release();
    await expect(first).resolves.toBe('done');
  });

  // Node warns about more than 10 listeners of one AbortSignal on stderr, outside jest's sandbox: a real process
  it('has many requests in backoff at once without a warning about a leak', () => {
    const script = `
      const { RequestLimiter } = require(${JSON.stringify(join(PACKAGE_ROOT, 'dist', 'src', 'stripe', 'limiter.js'))});
      const limiter = new RequestLimiter(30);
      const tries = new Map();
      const job = (i) => () => { tries.set(i, (tries.get(i) ?? 0) + 1); return tries.get(i) === 1 ? Promise.reject(new Error('busy')) : Promise.resolve(i); };
      Promise.all(Array.from({ length: 30 }, (_, i) => limiter.run(job(i), (_e, a) => (a < 1 ? 100 : null)))).then((r) => console.log(r.length));`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(run.stdout.trim()).toBe('30');
    expect(run.stderr).not.toContain('MaxListenersExceededWarning');
  });
});
