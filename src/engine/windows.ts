/**
 * The windows of one family's history, sized from the density its reads measure, so that dense history is
 * read in full pages. Pure bookkeeping: no requests here.
 *
 * The history `[start, end)` starts as one queued window. A window is carved from the bottom of the oldest
 * queued one when a reader is free, sized to about `targetCost` requests from the density measured nearest
 * to it (no measurement yet: the whole range, a probe that costs one request where history is sparse). A
 * window reads newest first; after each page it knows the density of what it read, and a window that turned
 * out far bigger than expected gives the part it has not reached back to the queue. A reader that would
 * otherwise idle takes the older half of what the busiest window has left (`steal`), so one huge stream
 * still fills every reader. Windows are carved oldest first and the bookmark moves over the contiguous prefix
 * of finished windows only.
 */
import { PAGE_SIZE } from '../stripe/paginate';
import type { Window } from './plan';

export type WindowStatus = 'queued' | 'reading' | 'done';

export interface HistoryWindow extends Window {
  status: WindowStatus;
  /** Objects read so far. */
  items: number;
  /** `created` of the oldest object read so far: what is left to read is `[start, low]`. */
  low?: number;
}

export interface Sizing {
  /** Requests one window should cost: list pages plus the requests its objects' children take. */
  targetCost: number;
  /** The longest span one window covers (seconds), when the user limits it (`window_days`). */
  maxSpan?: number;
}

/** Objects per list page (the most Stripe serves). */
export const PAGE = PAGE_SIZE;
/** About 40 full pages a window: a last, partial page costs about 1 % more requests. */
export const DEFAULT_SIZING: Sizing = { targetCost: 40 };
/** After a sparse window, the next may span at most this many times more. */
const GROWTH = 16;
/** With a span limit (`window_days`), a region expected to hold less than a page is probed this many spans at once. */
const PROBE_SPANS = 12;

function fresh(start: number, end: number, status: WindowStatus = 'queued'): HistoryWindow {
  return { start, end, status, items: 0 };
}

/** A window over all time, being read: a whole list (full-table and snapshot streams, a test clock's objects). */
export function wholeWindow(): HistoryWindow {
  return fresh(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, 'reading');
}

export class WindowPlan {
  readonly windows: HistoryWindow[];
  /** End of the contiguous prefix of finished windows, once there is one. */
  committed: number | undefined;
  /** Index of the first window not done. */
  private head = 0;
  private readonly totals = { items: 0, pages: 0, cost: 0 };

  /**
   * `historyStart`: where the account's history begins; the span before it holds (almost) nothing, so it never
   * counts towards a window's size or density.
   */
  constructor(
    start: number, end: number, private readonly historyStart: number = start,
    private readonly sizing: Sizing = DEFAULT_SIZING, private readonly splittable = true,
  ) {
    this.windows = start < end ? [fresh(start, end)] : [];
  }

  /** One window that is read whole (full-table and snapshot streams, test-clock lists). */
  static whole(): WindowPlan {
    return new WindowPlan(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, DEFAULT_SIZING, false);
  }

  get complete(): boolean {
    return this.head >= this.windows.length;
  }

  /** How many windows are done. */
  get finished(): number {
    return this.windows.filter((w) => w.status === 'done').length;
  }

  /** The next window to read (carved from the oldest queued one), marked reading; undefined when none is queued. */
  next(): HistoryWindow | undefined {
    let i = this.head;
    while (i < this.windows.length && this.windows[i]!.status !== 'queued') i += 1;
    const window = this.windows[i];
    if (!window) return undefined;
    if (this.splittable) this.carve(i);
    window.status = 'reading';
    return window;
  }

  /**
   * Counts a page a window read (`low`: `created` of its last object; `more`: the list has more) and gives
   * back to the queue the part of the window that would make it far bigger than its target.
   */
  page(window: HistoryWindow, page: { items: number; cost: number; low?: number; more: boolean }): void {
    window.items += page.items;
    this.totals.items += page.items;
    this.totals.pages += 1;
    this.totals.cost += page.cost;
    if (page.low !== undefined) window.low = page.low;
    if (!page.more || !this.splittable) return;
    const max = this.sizing.maxSpan;
    if (max !== undefined && window.low !== undefined && window.end - this.dataStart(window) > max) {
      this.splitBelow(window, Math.floor(Math.min(window.low, window.end - max)), 'queued');
    }
    const density = this.measured(window);
    const target = this.targetItems();
    const left = this.left(window);
    if (density === undefined || left === undefined || window.items + left <= 2 * target || left <= target / 2) return;
    const keep = Math.max(PAGE, target - window.items);
    this.splitBelow(window, Math.floor(window.low! - keep / density), 'queued');
  }

  /** A reader is free and nothing is queued: the older half of what the busiest window has left, marked reading. */
  steal(): HistoryWindow | undefined {
    const busiest = this.busiest();
    if (!busiest) return undefined;
    const from = this.dataStart(busiest);
    return this.splitBelow(busiest, Math.floor(from + (busiest.low! - from) / 2), 'reading');
  }

  /** Objects the busiest reading window has left (estimated), when splitting it is worth a request. */
  stealable(): number {
    const busiest = this.busiest();
    return busiest ? this.left(busiest)! : 0;
  }

  /** The window is read again from its start (its earlier reads do not count). */
  restart(window: HistoryWindow): void {
    window.items = 0;
    delete window.low;
  }

  /** Marks a window done; returns the new commit point when the contiguous prefix of done windows grew. */
  finish(window: HistoryWindow): number | undefined {
    window.status = 'done';
    while (this.head < this.windows.length && this.windows[this.head]!.status === 'done') this.head += 1;
    const end = this.head > 0 ? this.windows[this.head - 1]!.end : undefined;
    if (end === undefined || end === this.committed || !Number.isFinite(end)) return undefined;
    this.committed = end;
    return end;
  }

  private busiest(): HistoryWindow | undefined {
    if (!this.splittable) return undefined;
    let best: HistoryWindow | undefined;
    let most = 2 * PAGE - 1; // splitting less than two pages saves no request
    for (let i = this.head; i < this.windows.length; i += 1) {
      const w = this.windows[i]!;
      const left = w.status === 'reading' ? this.left(w) : undefined;
      if (left !== undefined && left > most) [best, most] = [w, left];
    }
    return best;
  }

  /**
   * Splits `[start, at)` off the bottom of a window (which keeps `[at, end)`), when `at` lies inside what the
   * window has left. The new window comes before it.
   */
  private splitBelow(window: HistoryWindow, at: number, status: WindowStatus): HistoryWindow | undefined {
    if (!(at > this.dataStart(window)) || !(at <= (window.low ?? window.end))) return undefined;
    const below = fresh(window.start, at, status);
    window.start = at;
    this.windows.splice(this.windows.indexOf(window), 0, below);
    return below;
  }

  /** Sizes the queued window at `index` from the nearest density known, leaving the rest queued after it. */
  private carve(index: number): void {
    const window = this.windows[index]!;
    // nothing measured yet: read it all (a probe: one request where history is sparse)
    const estimate = this.estimate(index);
    const from = this.dataStart(window);
    const density = estimate?.density ?? 0;
    let span = density > 0 ? this.targetItems() / density : Number.POSITIVE_INFINITY;
    if (estimate?.below?.status === 'done') span = Math.min(span, GROWTH * Math.max(1, this.dataSpan(estimate.below)));
    const max = this.sizing.maxSpan;
    // a span the user limited: where less than a page is expected, one request still probes several such spans
    if (max !== undefined) span = Math.min(span, density * PROBE_SPANS * max >= PAGE ? max : PROBE_SPANS * max);
    if (span === Number.POSITIVE_INFINITY) return;
    const cut = Math.ceil(from + Math.max(1, span));
    // a rest shorter than half a window goes with this one
    if (!(cut + Math.max(1, span) / 2 < window.end) || cut <= window.start) return;
    this.windows.splice(index + 1, 0, fresh(cut, window.end, 'queued'));
    window.end = cut;
  }

  /**
   * The density measured nearest below the window, else nearest above it. Only measured: a window still in
   * flight was sized from a guess, and passing that guess on lets one dense clump's tiny spans go on over the
   * sparse years after it, one empty request at a time, while several readers keep the window below in flight.
   */
  private estimate(index: number): { density: number; below?: HistoryWindow } | undefined {
    for (let k = index - 1; k >= 0; k -= 1) {
      const w = this.windows[k]!;
      const density = this.measured(w);
      if (density !== undefined) return { density, below: w };
    }
    for (let k = index + 1; k < this.windows.length; k += 1) {
      const density = this.measured(this.windows[k]!);
      if (density !== undefined) return { density };
    }
    return undefined;
  }

  /** Objects per second a window measured: exactly once done, over the span read while reading. */
  private measured(w: HistoryWindow): number | undefined {
    if (w.status === 'done') return w.items / Math.max(1, this.dataSpan(w));
    if (w.status === 'reading' && w.low !== undefined) return w.items / Math.max(1, w.end - w.low);
    return undefined;
  }

  /** Objects a reading window has left (estimated from what it read). */
  private left(w: HistoryWindow): number | undefined {
    const density = this.measured(w);
    if (density === undefined || w.status !== 'reading' || w.low === undefined) return undefined;
    return Math.max(0, w.low - this.dataStart(w)) * density;
  }

  /** Objects a window should hold: `targetCost` requests with the children's requests counted, at least a page. */
  private targetItems(): number {
    const { items, pages, cost } = this.totals;
    const childCost = items > 0 ? Math.max(0, cost - pages) / items : 0;
    const target = this.sizing.targetCost / (1 / PAGE + childCost);
    return Math.min(this.sizing.targetCost * PAGE, Math.max(PAGE, target));
  }

  private dataStart(w: HistoryWindow): number {
    return Math.max(w.start, this.historyStart);
  }

  private dataSpan(w: HistoryWindow): number {
    return w.end - this.dataStart(w);
  }
}
