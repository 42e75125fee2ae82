/**
 * GET request handling over a dataset: Stripe's list semantics, retrieves and errors. No I/O here.
 */
import type { JsonObject, TopStreamDef } from '../streams/types';
import type { Collection, Entry, PageRequest } from './collection';
import { TEST_CLOCK_LISTS, testClockFilter } from './clocks';
import type { Dataset } from './dataset';
import { withIncludables } from './includable';
import { reviewListFilter } from './reviews';
import { errors, type FakeResponse } from './errors';
import { EVENT_RETENTION_SECONDS } from './events';
import { arrayValues, readListArgs, scalar, type ListArgs, type ListRules, type QueryParam } from './query';
import { matchRoute, routeRoot, type QueryChild } from './routes';

export interface RouterPolicy {
  /** Products not enabled on the account (stream `feature`s, e.g. `Issuing`). */
  disabledFeatures: readonly string[];
  /** Whether the removed Orders/SKUs endpoints still answer. */
  legacyAvailable: boolean;
  /** Reject undeclared query parameters with 400 `parameter_unknown`, as Stripe does. */
  strictParams: boolean;
}

/** Filters a list endpoint accepts besides paging, `created` and the stream's fixed params (equality on the field). */
const FILTERS: Record<string, string[]> = {
  '/v1/charges': ['customer', 'payment_intent', 'transfer_group'],
  '/v1/customers': ['email'],
  '/v1/invoices': ['customer', 'status', 'subscription', 'collection_method'],
  '/v1/invoiceitems': ['customer', 'invoice'],
  '/v1/subscriptions': ['customer', 'collection_method'],
  '/v1/payment_intents': ['customer'],
  '/v1/setup_intents': ['customer'],
  '/v1/refunds': ['charge', 'payment_intent'],
  '/v1/disputes': ['charge', 'payment_intent'],
  '/v1/balance_transactions': ['type', 'currency', 'source'],
  '/v1/events': ['type', 'types', 'delivery_success'],
  '/v1/products': ['active'],
  '/v1/prices': ['active', 'product', 'currency', 'type'],
  '/v1/plans': ['active', 'product'],
  '/v1/quotes': ['customer', 'status'],
  '/v1/payouts': ['status', 'destination'],
};
/** Filters of child endpoints (accepted, equality on the field). */
const CHILD_FILTERS: Record<string, string[]> = {
  customer_sources: ['object'], external_accounts: ['object'], persons: ['relationship'],
  payment_methods: ['type', 'allow_redisplay'],
};
/**
 * Query parameters Stripe requires on list endpoints the tap reads (the spec's `required: true` query
 * parameters, 2024-04-10): without one Stripe answers 400 `parameter_missing`, whatever the tap believes.
 */
export const REQUIRED_PARAMS: Record<string, string[]> = {
  '/v1/issuing/tokens': ['card'],
  '/v1/setup_attempts': ['setup_intent'],
  '/v1/subscription_items': ['subscription'],
};
/**
 * List endpoints that take a `created` filter although the tap reads them whole (spec 2024-04-10): the
 * fake accepts what Stripe accepts, not what the tap sends.
 */
// full-table streams whose lists still take `created` in the spec
const CREATED_ALSO = new Set(['/v1/accounts', '/v1/file_links', '/v1/radar/value_lists', '/v1/shipping_rates']);

/** Whether a top stream's list endpoint takes `created[…]`. */
export function acceptsCreated(def: TopStreamDef): boolean {
  return def.replication === 'created' || CREATED_ALSO.has(def.path);
}
/** Parameters accepted but not applied. */
const IGNORED = new Set(['delivery_success', 'relationship', 'allow_redisplay']);

const objectName = (resource: string): string => resource.replace(/^legacy\./, '');

/**
 * Streams whose retrieve endpoint answers a deleted object with a stub (`{id, object, deleted: true}`): the
 * spec's `GET` responses are `anyOf [<resource>, deleted_<resource>]` only for these; other deleted objects
 * answer 404 `resource_missing`.
 */
const DELETED_STUBS = new Set(['customers', 'terminal_locations', 'terminal_readers']);

/** A child object by id, under one parent or (for `/v1/payment_methods/{id}`-style paths) under any. */
function findChild(ds: Dataset, stream: string, id: string, parentId: string | undefined): JsonObject | undefined {
  const lists = ds.store.children.get(stream);
  if (!lists) return stream === 'payment_methods' && parentId === undefined ? ds.store.detached.get(id) : undefined;
  const candidates = parentId === undefined ? [...lists.values()] : [lists.get(parentId)];
  for (const list of candidates) {
    const entry = list?.entries.find((e) => e.id === id);
    if (entry) return entry.obj;
  }
  return stream === 'payment_methods' && parentId === undefined ? ds.store.detached.get(id) : undefined;
}

function listBody(path: string, entries: Entry[], hasMore: boolean, render: (e: Entry) => JsonObject): FakeResponse {
  return { status: 200, body: { object: 'list', data: entries.map(render), has_more: hasMore, url: path } };
}

function equalityFilter(params: readonly QueryParam[], names: readonly string[]): ((e: Entry) => boolean) | undefined {
  const tests: ((e: Entry) => boolean)[] = [];
  for (const name of names) {
    if (IGNORED.has(name)) continue;
    const value = scalar(params, name);
    if (value !== undefined) tests.push((e) => String(e.obj[name]) === value);
  }
  return tests.length ? (e) => tests.every((t) => t(e)) : undefined;
}

function combine(...filters: (((e: Entry) => boolean) | undefined)[]): ((e: Entry) => boolean) | undefined {
  const fs = filters.filter((f): f is (e: Entry) => boolean => !!f);
  return fs.length ? (e) => fs.every((f) => f(e)) : undefined;
}

/** Special filters: subscriptions' `status` (canceled hidden unless asked), events' `type`/`types[]`. */
function specialFilter(def: TopStreamDef, params: readonly QueryParam[]): ((e: Entry) => boolean) | undefined {
  if (def.name === 'subscriptions') {
    const status = scalar(params, 'status');
    if (status === 'all') return undefined;
    if (status === undefined) return (e) => e.obj['status'] !== 'canceled';
    if (status === 'ended') return (e) => e.obj['status'] === 'canceled' || e.obj['status'] === 'incomplete_expired';
    return (e) => e.obj['status'] === status;
  }
  if (def.name === 'events') {
    const type = scalar(params, 'type');
    const types = arrayValues(params, 'types');
    const tests: ((t: string) => boolean)[] = [];
    if (type !== undefined) {
      const re = new RegExp(`^${type.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
      tests.push((t) => re.test(t));
    }
    if (types.length) tests.push((t) => types.includes(t));
    return tests.length ? (e) => tests.every((t) => t(String(e.obj['type']))) : undefined;
  }
  return undefined;
}

/** Names filtered by `specialFilter` rather than by equality. */
const SPECIAL: Record<string, string[]> = { subscriptions: ['status'], events: ['type', 'types'] };

/** Resolves cursors to positions; an unknown id is Stripe's 400 `resource_missing`. */
function pageRequest(
  args: ListArgs, list: Collection, lookup: (id: string) => Entry | undefined, name: string,
): { ok: PageRequest } | { error: FakeResponse } {
  const req: PageRequest = { limit: args.limit };
  if (args.created) req.created = args.created;
  for (const [param, id] of [['starting_after', args.startingAfter], ['ending_before', args.endingBefore]] as const) {
    if (id === undefined) continue;
    const key = lookup(id);
    const pos = param === 'starting_after' ? list.positionAfter(id, key) : list.positionBefore(id, key);
    if (pos === undefined || (list.sorted && !key)) return { error: errors.noSuchObject(400, name, id, param) };
    if (param === 'starting_after') req.after = pos;
    else req.before = pos;
  }
  return { ok: req };
}

function serveChildList(
  ds: Dataset, path: string, child: QueryChild['def'], parentId: string, params: readonly QueryParam[], rules: ListRules,
  filters: readonly string[],
): FakeResponse {
  const root = ds.store.top(child.parent);
  if (!root.byId.has(parentId)) return errors.noSuchObject(404, objectName(root.def.resource), parentId, child.parentKey);
  const parsed = readListArgs(params, rules);
  if ('error' in parsed) return parsed.error;
  const list = ds.store.childList(child.name, parentId, true);
  const lookup = (id: string): Entry | undefined => list.entries.find((e) => e.id === id);
  const req = pageRequest(parsed.ok, list, lookup, objectName(child.resource));
  if ('error' in req) return req.error;
  req.ok.filter = equalityFilter(params, filters);
  const page = list.page(req.ok);
  return listBody(path, page.entries, page.hasMore, (e) => withIncludables(ds.store, e.obj, parsed.ok.expand));
}

export function handleGet(ds: Dataset, path: string, params: readonly QueryParam[], policy: RouterPolicy): FakeResponse {
  const route = matchRoute(path);
  if (!route) return errors.unrecognizedUrl(path);
  const root = routeRoot(route);
  if (root?.legacy && !policy.legacyAvailable) return errors.unrecognizedUrl(path);
  if (root?.feature && policy.disabledFeatures.includes(root.feature)) return errors.notEnabled(root.feature);
  const missing = (REQUIRED_PARAMS[path] ?? []).find((p) => scalar(params, p) === undefined);
  if (missing) return errors.missingParameter(missing);
  const strict = policy.strictParams;
  const single: ListRules = { created: false, accepted: [], strict, paged: false };

  switch (route.kind) {
    case 'account':
    case 'balance': {
      const parsed = readListArgs(params, single);
      if ('error' in parsed) return parsed.error;
      return { status: 200, body: route.kind === 'account' ? ds.account : ds.balance };
    }
    case 'retrieve': {
      const parsed = readListArgs(params, single);
      if ('error' in parsed) return parsed.error;
      const store = ds.store.top(route.def.name);
      const entry = store.byId.get(route.id);
      const forgotten = route.def.name === 'events' && entry !== undefined && entry.created < ds.clock.nowSeconds() - EVENT_RETENTION_SECONDS;
      if (entry && !forgotten) return { status: 200, body: ds.render(route.def.name, entry, parsed.ok.expand) };
      const removed = store.removed.get(route.id);
      if (removed && DELETED_STUBS.has(route.def.name)) {
        return { status: 200, body: { id: route.id, object: removed.obj['object'], deleted: true } };
      }
      return errors.noSuchObject(404, objectName(route.def.resource), route.id);
    }
    case 'childRetrieve': {
      const parsed = readListArgs(params, single);
      if ('error' in parsed) return parsed.error;
      const found = findChild(ds, route.def.name, route.id, route.parentId);
      if (found) return { status: 200, body: found };
      if (route.parentId !== undefined && !ds.store.entry(route.def.parent, route.parentId)) {
        return errors.noSuchObject(404, objectName(ds.store.top(route.def.parent).def.resource), route.parentId);
      }
      return errors.noSuchObject(404, objectName(route.def.resource), route.id);
    }
    case 'child': {
      const rules: ListRules = {
        created: false, accepted: CHILD_FILTERS[route.def.name] ?? [], strict, paged: route.def.name !== 'capabilities',
      };
      return serveChildList(ds, path, route.def, route.parentId, params, rules, rules.accepted);
    }
    case 'queryChild':
    case 'list': {
      const qc = route.queryChildren.find((c) => scalar(params, c.param) !== undefined);
      if (qc || route.kind === 'queryChild') {
        const child = qc ?? route.queryChildren[0];
        if (!child) return errors.unrecognizedUrl(path);
        const parentId = qc ? scalar(params, qc.param) : undefined;
        if (!parentId) return errors.missingParameter(child.param);
        const takesCreated = child.def.name !== 'subscription_items';
        const extra = route.kind === 'list' ? FILTERS[route.def.path] ?? [] : [];
        const rules: ListRules = { created: takesCreated, accepted: [child.param, ...extra], strict, paged: true };
        return serveChildList(ds, path, child.def, parentId, params, rules, extra);
      }
      const def = route.def;
      const accepted = [...Object.keys(def.params ?? {}), ...(FILTERS[def.path] ?? []), ...route.queryChildren.map((c) => c.param)];
      if (def.name === 'subscriptions') accepted.push('status');
      if (TEST_CLOCK_LISTS.includes(def.path)) accepted.push('test_clock');
      const parsed = readListArgs(params, { created: acceptsCreated(def), accepted, strict, paged: true });
      if ('error' in parsed) return parsed.error;
      const store = ds.store.top(def.name);
      // A deleted object is no cursor: Stripe answers 400 resource_missing (param starting_after) when the
      // object a page ended with was deleted before the next page (github.com/stripe/stripe-go/issues/1030,
      // github.com/stripe/stripe-php/issues/1264).
      const lookup = (id: string): Entry | undefined => store.byId.get(id);
      const req = pageRequest(parsed.ok, store.list, lookup, objectName(def.resource));
      if ('error' in req) return req.error;
      const special = SPECIAL[def.name] ?? [];
      // a created filter never matches an object without the field (connected accounts may lack `created`)
      const field = def.replicationKey ?? 'created';
      const dated = parsed.ok.created ? (e: Entry) => typeof e.obj[field] === 'number' : undefined;
      const listed = def.name === 'events' ? (e: Entry): boolean => ds.eventListed(e) : undefined;
      req.ok.filter = combine(listed, dated, testClockFilter(def, params), reviewListFilter(def), specialFilter(def, params), equalityFilter(params, (FILTERS[def.path] ?? []).filter((f) => !special.includes(f))));
      const page = store.list.page(req.ok);
      const expand = parsed.ok.expand;
      return listBody(path, page.entries, page.hasMore, (e) => ds.render(def.name, e, expand));
    }
    default:
      return errors.unrecognizedUrl(path);
  }
}
