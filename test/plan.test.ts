import { syncEnd, syncStart } from '../src/engine/plan';
import { PAGE, WindowPlan, type HistoryWindow } from '../src/engine/windows';

/** The windows cover [start, end) without a gap or an overlap, in ascending order. */
function contiguous(plan: WindowPlan, start: number, end: number): boolean {
  const w = plan.windows;
  return w[0]!.start === start && w[w.length - 1]!.end === end && w.every((x, i) => i === 0 || w[i - 1]!.end === x.start);
}

describe('sync range', () => {
  it('starts at the bookmark minus the lookback, never before start_date', () => {
    expect(syncStart({ startDate: 100, lookbackSeconds: 50 })).toBe(100);
    expect(syncStart({ startDate: 100, lookbackSeconds: 50, bookmark: 1000 })).toBe(950);
    expect(syncStart({ startDate: 100, lookbackSeconds: 50, bookmark: 120 })).toBe(100);
  });

  it('ends lag seconds before now', () => {
    expect(syncEnd(1_000.7, 60)).toBe(940);
  });
});

describe('window plan', () => {
  it('reads sparse history with one request, and is empty when there is nothing to read', () => {
    const plan = new WindowPlan(0, 1_000_000);
    const probe = plan.next()!;
    expect(probe).toMatchObject({ start: 0, end: 1_000_000 });
    expect(plan.next()).toBeUndefined();
    plan.page(probe, { items: 40, cost: 1, more: false, low: 10 });
    expect(plan.finish(probe)).toBe(1_000_000);
    expect(plan.complete).toBe(true);
    expect(new WindowPlan(30, 30).next()).toBeUndefined();
  });

  it('sizes windows of dense history to about 40 full pages, carved oldest first from the density measured', () => {
    const plan = new WindowPlan(0, 1_000_000);
    const probe = plan.next()!;
    // 1 object every 10 s: the first page covers the newest 1,000 s, and the window gives back what is below
    plan.page(probe, { items: PAGE, cost: 1, more: true, low: 999_000 });
    expect(probe.start).toBeGreaterThan(500_000);
    const carved: HistoryWindow[] = [];
    for (let w = plan.next(); w; w = plan.next()) carved.push(w);
    expect(carved[0]!.start).toBe(0);
    expect(carved.every((w, i) => i === 0 || carved[i - 1]!.end === w.start)).toBe(true);
    for (const w of carved.slice(0, -1)) expect((w.end - w.start) * 0.1).toBeCloseTo(40 * PAGE, -2);
    expect(contiguous(plan, 0, 1_000_000)).toBe(true);
  });

  it('commits only the contiguous prefix of finished windows', () => {
    const plan = new WindowPlan(0, 1_000_000);
    const probe = plan.next()!;
    plan.page(probe, { items: PAGE, cost: 1, more: true, low: 999_000 });
    const [a, b] = [plan.next()!, plan.next()!];
    expect(plan.finish(b)).toBeUndefined();
    expect(plan.finish(a)).toBe(b.end);
    expect(plan.committed).toBe(b.end);
  });

  it('gives an idle reader the older half of what the busiest window has left', () => {
    const plan = new WindowPlan(0, 100_000);
    const window = plan.next()!;
    plan.page(window, { items: PAGE, cost: 1, more: true, low: 99_000 });
    while (plan.next()); // every window is being read: nothing queued
    const busiest = plan.windows.find((w) => w.status === 'reading' && w.low !== undefined)!;
    const low = busiest.low!;
    const stolen = plan.steal()!;
    expect(stolen.status).toBe('reading');
    expect(stolen.end).toBe(busiest.start);
    expect(busiest.start).toBeLessThan(low);
    expect(contiguous(plan, 0, 100_000)).toBe(true);
  });

  it('steals nothing when no window has two pages left', () => {
    const plan = new WindowPlan(0, 1_000);
    const window = plan.next()!;
    plan.page(window, { items: PAGE, cost: 1, more: true, low: 500 });
    expect(plan.stealable()).toBeLessThan(2 * PAGE);
    expect(plan.steal()).toBeUndefined();
  });

  it('counts the span before the account existed towards no window', () => {
    const plan = new WindowPlan(0, 2_000_000, 1_000_000);
    const probe = plan.next()!;
    plan.page(probe, { items: PAGE, cost: 1, more: true, low: 1_999_000 });
    const first = plan.next()!;
    // the first window starts at 0 but is sized from the history start, at the density of the probe
    expect(first.start).toBe(0);
    expect((first.end - 1_000_000) * 0.1).toBeCloseTo(40 * PAGE, -2);
  });

  it('sizes windows to a page of parents when their children cost two requests each', () => {
    const plan = new WindowPlan(0, 10_000_000);
    const probe = plan.next()!;
    // 1 object per 1,000 s, and 201 requests for a page with its children
    plan.page(probe, { items: PAGE, cost: 1 + 2 * PAGE, more: true, low: 9_900_000 });
    expect((probe.low! - probe.start) * 0.001).toBeLessThanOrEqual(PAGE);
    const next = plan.next()!;
    expect((next.end - next.start) * 0.001).toBeCloseTo(PAGE, -1);
  });

  it('keeps windows within a span the user limits, and probes empty history several spans at once', () => {
    const plan = new WindowPlan(0, 10_000, 0, { targetCost: 40, maxSpan: 100 });
    const probe = plan.next()!;
    expect(probe.end - probe.start).toBe(1_200);
    plan.page(probe, { items: 0, cost: 1, more: false });
    plan.finish(probe);
    const dense = plan.next()!;
    plan.page(dense, { items: PAGE, cost: 1, more: true, low: dense.end - 10 });
    expect(dense.end - dense.start).toBeLessThanOrEqual(100);
    expect(contiguous(plan, 0, 10_000)).toBe(true);
  });

  // several readers at once: a window carved while the one below is still in flight must not inherit the
  // density that one was only planned with, or a dense clump's tiny spans go on over the sparse years after it
  it.each([1, 5])('leaves a dense clump in a few windows, with %i reader(s), where sparse history lies around it', (readers) => {
    const YEAR = 31_536_000;
    const clump = 2 * YEAR;
    const created = [
      ...Array.from({ length: 116 }, (_, i) => Math.floor((i * 4 * YEAR) / 116)),
      ...Array.from({ length: 2_496 }, (_, i) => clump + Math.floor(i / 42)),
    ].sort((a, b) => b - a);
    // resumed 1,000 s before the clump, with window_days 388
    const plan = new WindowPlan(clump - 1_000, 4 * YEAR, 0, { targetCost: 40, maxSpan: 388 * 86_400 });
    const reading: { window: HistoryWindow; low: number }[] = [];
    let requests = 0;
    while (!plan.complete && requests < 5_000) {
      while (reading.length < readers) {
        const window = plan.next() ?? plan.steal();
        if (!window) break;
        reading.push({ window, low: window.end });
      }
      const task = reading.shift();
      if (!task) break;
      const { window } = task;
      const page = created.filter((c) => c >= window.start && c < task.low).slice(0, PAGE);
      requests += 1;
      const low = page.at(-1);
      const more = created.some((c) => c >= window.start && c < (low ?? window.start));
      // two child requests per object (payment methods, balance transactions)
      plan.page(window, { items: page.length, cost: 1 + 2 * page.length, more, ...(low === undefined ? {} : { low }) });
      if (more && low !== undefined) reading.push({ window, low });
      else plan.finish(window);
    }
    expect(plan.complete).toBe(true);
    expect(requests).toBeLessThan(100);
  });
});
