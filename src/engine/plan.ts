/** Time windows: pure functions over unix seconds. */

/** `[start, end)` in unix seconds. */
export interface Window {
  start: number;
  end: number;
}

export const DAY = 86_400;

/** Where a stream's sync starts: its bookmark minus the lookback, never before start_date. */
export function syncStart(input: { bookmark?: number; lookbackSeconds: number; startDate: number }): number {
  if (input.bookmark === undefined) return input.startDate;
  return Math.max(input.startDate, input.bookmark - input.lookbackSeconds);
}

/** Where every window of this run stops: `now - lag` (Stripe's lists are eventually consistent). */
export function syncEnd(nowSeconds: number, lagSeconds: number): number {
  return Math.floor(nowSeconds) - lagSeconds;
}

/**
 * Ascending, contiguous windows of at most `windowSeconds` covering `[start, end)`; none when start >= end.
 * With `historyStart` after `start`, everything before it is one window: "all history" starts at the epoch,
 * but an account has (almost) nothing before its creation date, so that span costs one request.
 */
export function planWindows(start: number, end: number, windowSeconds: number, historyStart = start): Window[] {
  const size = Math.max(1, Math.floor(windowSeconds));
  const windows: Window[] = [];
  let a = start;
  if (historyStart > start && start < end) {
    windows.push({ start, end: Math.min(end, historyStart) });
    a = historyStart;
  }
  for (; a < end; a += size) windows.push({ start: a, end: Math.min(end, a + size) });
  return windows;
}

/**
 * The end of the contiguous prefix of finished windows (windows in ascending order), or undefined when the
 * first window is not finished. The bookmark may move only this far: a later window finishing early proves
 * nothing about the ones before it.
 */
export function contiguousEnd(windows: readonly Window[], finished: ReadonlySet<number>): number | undefined {
  let end: number | undefined;
  for (let i = 0; i < windows.length && finished.has(i); i += 1) end = windows[i]!.end;
  return end;
}
