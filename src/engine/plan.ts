/** Where a run's history starts and ends: pure functions over unix seconds (windows.ts sizes the windows). */

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
