import { FatalApiError, type TapError } from '../errors';
import type { JsonObject, RequestContext, StripeClient } from './client';
import type { Query } from './query';

export const PAGE_SIZE = 100;
/** How often one list may start over because its cursor was deleted, before the error stands. */
const MAX_RESTARTS = 10;

/** A Stripe list object, as every list endpoint and every embedded list returns it. */
export interface ListObject {
  data: JsonObject[];
  has_more: boolean;
}

export function isListObject(value: unknown): value is ListObject {
  return typeof value === 'object' && value !== null && Array.isArray((value as ListObject).data)
    && typeof (value as ListObject).has_more === 'boolean';
}

/** What paging needs of the client (the engine may hand in one that counts its requests). */
export type ListClient = Pick<StripeClient, 'get' | 'log'>;

export interface PageOptions {
  /** Start after this object (an embedded list's last item) instead of at the start of the list. */
  startingAfter?: string;
  /**
   * The field the query's `created[…]` filter applies to (`created`, or `date` for invoice items). With it, a
   * list that must start over is narrowed to what it had not reached yet, so only the ids at the boundary
   * second are remembered, not every id of the pass.
   */
  orderKey?: string;
}

/**
 * Stripe answers 400 `resource_missing` (param `starting_after`) when the object a page ended with was
 * deleted before the next page was asked for (e.g. github.com/stripe/stripe-go/issues/1030,
 * github.com/stripe/stripe-php/issues/1264).
 */
export function isDeletedCursor(error: unknown, cursor: string | undefined): error is TapError {
  return cursor !== undefined && error instanceof FatalApiError && error.status === 400 && error.code === 'resource_missing'
    && (error.param === 'starting_after' || error.message.includes(cursor));
}

/** What one pass over a list has emitted, to drop it when the list starts over. */
class Pass {
  /** Ids already yielded (all of them, or only those at `floor` when the list is narrowed by `orderKey`). */
  private readonly seen = new Set<string>();
  /** The oldest `orderKey` value yielded so far (lists are newest first). */
  private floor: number | undefined;
  restarts = 0;
  count = 0;

  constructor(private readonly orderKey: string | undefined) {}

  record(items: readonly JsonObject[]): void {
    for (const item of items) {
      this.count += 1;
      const id = item['id'];
      if (typeof id !== 'string') continue;
      const at = this.orderKey ? item[this.orderKey] : undefined;
      if (typeof at === 'number' && (this.floor === undefined || at < this.floor)) {
        this.floor = at;
        this.seen.clear();
      }
      this.seen.add(id);
    }
  }

  fresh(items: readonly JsonObject[]): JsonObject[] {
    return this.seen.size === 0 ? [...items] : items.filter((item) => typeof item['id'] !== 'string' || !this.seen.has(item['id']));
  }

  /** Where a list that starts over stops (`created[lt]`): just above the oldest `orderKey` value yielded. */
  restartBound(): number | undefined {
    return this.orderKey && this.floor !== undefined ? this.floor + 1 : undefined;
  }
}

/**
 * Pages a list endpoint to its end (newest first, `starting_after` the last id of each page), yielding one
 * page at a time so the caller can emit before the next request (or stop after the first). `query` may be a
 * function: it is asked again before every page (a window whose range was narrowed meanwhile).
 * When the cursor object is deleted mid-paging, the list starts over from its start (one warning), and the
 * objects this pass already yielded are dropped from the pages that follow.
 */
export async function* listPages(
  client: ListClient, path: string, query: Query | (() => Query), context: RequestContext, options: PageOptions = {},
): AsyncGenerator<ListObject> {
  const pass = new Pass(options.orderKey);
  const queryNow = typeof query === 'function' ? query : () => query;
  let bound: number | undefined;
  let cursor = options.startingAfter;
  for (;;) {
    let page: JsonObject;
    const current = queryNow();
    const narrowed = bound === undefined ? current : { ...current, 'created[lt]': Math.min(bound, Number(current['created[lt]'] ?? bound)) };
    try {
      page = await client.get(path, { ...narrowed, limit: PAGE_SIZE, starting_after: cursor }, context);
    } catch (error) {
      if (!isDeletedCursor(error, cursor) || pass.restarts >= MAX_RESTARTS) throw error;
      pass.restarts += 1;
      client.log.warn(`${context.stream ?? path}: GET ${path}: the object the last page ended with (${cursor}) was deleted before the next page was read; reading the list again from its start and skipping the ${pass.count} object(s) already emitted`);
      bound = pass.restartBound();
      cursor = undefined;
      continue;
    }
    if (!isListObject(page)) throw new FatalApiError(`GET ${path}: the response is not a list object`, context);
    const last = page.data[page.data.length - 1];
    const data = pass.fresh(page.data);
    pass.record(data);
    yield { ...page, data };
    if (!page.has_more || last === undefined) return;
    const id = last['id'];
    if (typeof id !== 'string') throw new FatalApiError(`GET ${path}: list items have no id to page on`, context);
    // a server that ignores starting_after would otherwise serve the same page forever
    if (id === cursor) throw new FatalApiError(`GET ${path}: paging did not advance past ${id} (starting_after ignored?)`, context);
    cursor = id;
  }
}
