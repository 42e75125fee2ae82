import { FatalApiError } from '../errors';
import type { JsonObject, RequestContext, StripeClient } from './client';
import type { Query } from './query';

export const PAGE_SIZE = 100;

/** A Stripe list object, as every list endpoint and every embedded list returns it. */
export interface ListObject {
  data: JsonObject[];
  has_more: boolean;
}

export function isListObject(value: unknown): value is ListObject {
  return typeof value === 'object' && value !== null && Array.isArray((value as ListObject).data)
    && typeof (value as ListObject).has_more === 'boolean';
}

/**
 * Pages a list endpoint to its end (newest first, `starting_after` the last id of each page), yielding one
 * page at a time so the caller can emit before the next request (or stop after the first). `startingAfter`
 * continues an embedded list that said `has_more`.
 */
export async function* listPages(
  client: StripeClient, path: string, query: Query, context: RequestContext, startingAfter?: string,
): AsyncGenerator<ListObject> {
  let cursor = startingAfter;
  for (;;) {
    const page = await client.get(path, { ...query, limit: PAGE_SIZE, starting_after: cursor }, context);
    if (!isListObject(page)) throw new FatalApiError(`GET ${path}: the response is not a list object`, context);
    yield page;
    const last = page.data[page.data.length - 1];
    if (!page.has_more || last === undefined) return;
    const id = last['id'];
    if (typeof id !== 'string') throw new FatalApiError(`GET ${path}: list items have no id to page on`, context);
    // a server that ignores starting_after would otherwise serve the same page forever
    if (id === cursor) throw new FatalApiError(`GET ${path}: paging did not advance past ${id} (starting_after ignored?)`, context);
    cursor = id;
  }
}
