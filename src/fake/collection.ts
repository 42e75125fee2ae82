/**
 * An ordered list of objects as a Stripe list endpoint serves it, with cursor and `created` range look-ups.
 */
import type { JsonObject } from '../streams/types';

export interface Entry {
  id: string;
  /** Unix seconds; the list order (objects without a `created` field still get one here). */
  created: number;
  obj: JsonObject;
}

type Key = Pick<Entry, 'id' | 'created'>;

/** Stripe's list order: newest first, equal `created` broken by id, descending. */
export function sortsBefore(a: Key, b: Key): boolean {
  return a.created > b.created || (a.created === b.created && a.id > b.id);
}

export function compareEntries(a: Key, b: Key): number {
  if (a.id === b.id && a.created === b.created) return 0;
  return sortsBefore(a, b) ? -1 : 1;
}

/** Inclusive bounds on `created` (undefined: unbounded). */
export interface CreatedRange {
  min?: number;
  max?: number;
}

export interface PageRequest {
  limit: number;
  /** Index of the first entry after the `starting_after` cursor. */
  after?: number;
  /** Index of the `ending_before` cursor (entries before it are candidates). */
  before?: number;
  created?: CreatedRange;
  filter?: (entry: Entry) => boolean;
}

export interface Page {
  entries: Entry[];
  hasMore: boolean;
}

export class Collection {
  readonly entries: Entry[] = [];

  /** `sorted`: kept in Stripe's created order; otherwise insertion order (e.g. invoice lines). */
  constructor(readonly sorted: boolean) {}

  get size(): number {
    return this.entries.length;
  }

  /** Bulk load (call `sortAll` afterwards for a sorted collection). */
  push(entry: Entry): void {
    this.entries.push(entry);
  }

  sortAll(): void {
    if (this.sorted) this.entries.sort(compareEntries);
  }

  /** First index whose entry does not sort before `key`. */
  lowerBound(key: Key): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sortsBefore(this.entries[mid] as Entry, key)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index whose `created` is ≤ `max` (the list is newest first). */
  private firstAtOrBelow(max: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.entries[mid] as Entry).created > max) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of an entry by id, or -1. `hint` (its created) makes it a binary search in a sorted collection. */
  indexOf(id: string, hint?: Key): number {
    if (this.sorted && hint) {
      const i = this.lowerBound(hint);
      return this.entries[i]?.id === id ? i : -1;
    }
    return this.entries.findIndex((e) => e.id === id);
  }

  /**
   * Position just after a cursor. In a sorted collection a cursor that is no longer in the list
   * (a removed object) still has a position, given its key.
   */
  positionAfter(id: string, key?: Key): number | undefined {
    if (this.sorted && key) {
      const i = this.lowerBound(key);
      return this.entries[i]?.id === id ? i + 1 : i;
    }
    const i = this.indexOf(id);
    return i < 0 ? undefined : i + 1;
  }

  /** Position of a cursor for `ending_before` (entries at smaller indexes come before it). */
  positionBefore(id: string, key?: Key): number | undefined {
    if (this.sorted && key) return this.lowerBound(key);
    const i = this.indexOf(id);
    return i < 0 ? undefined : i;
  }

  insert(entry: Entry): void {
    if (this.sorted) this.entries.splice(this.lowerBound(entry), 0, entry);
    else this.entries.push(entry);
  }

  remove(id: string, key?: Key): Entry | undefined {
    const i = this.indexOf(id, key);
    if (i < 0) return undefined;
    return this.entries.splice(i, 1)[0];
  }

  replace(entry: Entry): boolean {
    const i = this.indexOf(entry.id, entry);
    if (i < 0) return false;
    this.entries[i] = entry;
    return true;
  }

  /** One page of a list request. */
  page(req: PageRequest): Page {
    let lo = 0;
    let hi = this.entries.length;
    const range = req.created;
    if (range && (range.min !== undefined || range.max !== undefined)) {
      if (this.sorted) {
        if (range.max !== undefined) lo = this.firstAtOrBelow(range.max);
        if (range.min !== undefined) hi = this.firstAtOrBelow(range.min - 1);
      }
    }
    if (req.after !== undefined) lo = Math.max(lo, req.after);
    if (req.before !== undefined) hi = Math.min(hi, req.before);
    if (hi <= lo) return { entries: [], hasMore: false };

    const inRange = (e: Entry): boolean =>
      (this.sorted || !range ||
        ((range.min === undefined || e.created >= range.min) && (range.max === undefined || e.created <= range.max))) &&
      (!req.filter || req.filter(e));
    const needsScan = !!req.filter || (!this.sorted && !!range);

    if (req.before !== undefined) {
      // ending_before: the `limit` entries just before the cursor, still newest first.
      if (!needsScan) {
        const start = Math.max(lo, hi - req.limit);
        return { entries: this.entries.slice(start, hi), hasMore: start > lo };
      }
      const picked: Entry[] = [];
      let i = hi - 1;
      for (; i >= lo && picked.length < req.limit; i--) {
        const e = this.entries[i] as Entry;
        if (inRange(e)) picked.push(e);
      }
      let hasMore = false;
      for (; i >= lo && !hasMore; i--) hasMore = inRange(this.entries[i] as Entry);
      return { entries: picked.reverse(), hasMore };
    }

    if (!needsScan) {
      const end = Math.min(hi, lo + req.limit);
      return { entries: this.entries.slice(lo, end), hasMore: end < hi };
    }
    const picked: Entry[] = [];
    let i = lo;
    for (; i < hi && picked.length < req.limit; i++) {
      const e = this.entries[i] as Entry;
      if (inRange(e)) picked.push(e);
    }
    let hasMore = false;
    for (; i < hi && !hasMore; i++) hasMore = inRange(this.entries[i] as Entry);
    return { entries: picked, hasMore };
  }
}
