import { contiguousEnd, planWindows, syncEnd, syncStart } from '../src/engine/plan';

describe('windows', () => {
  it('split [start, end) into ascending contiguous windows, the last one short', () => {
    expect(planWindows(0, 25, 10)).toEqual([{ start: 0, end: 10 }, { start: 10, end: 20 }, { start: 20, end: 25 }]);
  });

  it('put everything before the history start into one window', () => {
    expect(planWindows(0, 25, 10, 8)).toEqual([{ start: 0, end: 8 }, { start: 8, end: 18 }, { start: 18, end: 25 }]);
    expect(planWindows(0, 5, 10, 8)).toEqual([{ start: 0, end: 5 }]);
    expect(planWindows(9, 25, 10, 8)).toEqual([{ start: 9, end: 19 }, { start: 19, end: 25 }]);
  });

  it('are empty when there is nothing to read', () => {
    expect(planWindows(30, 30, 10)).toEqual([]);
    expect(planWindows(40, 30, 10)).toEqual([]);
  });

  it('start at the bookmark minus the lookback, never before start_date', () => {
    expect(syncStart({ startDate: 100, lookbackSeconds: 50 })).toBe(100);
    expect(syncStart({ startDate: 100, lookbackSeconds: 50, bookmark: 1000 })).toBe(950);
    expect(syncStart({ startDate: 100, lookbackSeconds: 50, bookmark: 120 })).toBe(100);
  });

  it('end lag seconds before now', () => {
    expect(syncEnd(1_000.7, 60)).toBe(940);
  });

  it('commit only the contiguous prefix of finished windows', () => {
    const windows = planWindows(0, 40, 10);
    expect(contiguousEnd(windows, new Set([1, 2]))).toBeUndefined();
    expect(contiguousEnd(windows, new Set([0, 2]))).toBe(10);
    expect(contiguousEnd(windows, new Set([0, 1, 2]))).toBe(30);
    expect(contiguousEnd(windows, new Set([0, 1, 2, 3]))).toBe(40);
  });
});
