/**
 * The changes a run's events add up to: events routed to the streams they change (src/streams/events.ts),
 * keeping only the newest event per object. Holds no more than it must: the event's object is kept whole
 * for a bounded number of changes, and reduced to its id, `created` and embedded child ids past that.
 */
import { childrenOf, findStream, type ChildStreamDef, type JsonObject, type StreamDef } from '../streams';
import { EVENT_ROUTES, ignoredBecause, type EventRoute } from '../streams/events';
import { STRIPE_API_VERSION } from '../stripe/client';
import { isListObject } from '../stripe/paginate';

export interface Change {
  /** The stream the event is routed to (top or child). */
  def: StreamDef;
  action: 'upsert' | 'delete';
  id: string;
  /** A child's parent id (absent where the event does not say, e.g. a detached payment method). */
  parentId?: string;
  /** The newest event's time (unix seconds). */
  time: number;
  /**
   * The oldest time of the object's events in this run: the change holds what they said (`previous`), so the
   * events cursor may not pass it before the change is applied.
   */
  since: number;
  /** The object as the newest event carries it (maybe reduced: see `whole`). */
  object: JsonObject;
  /** The object is whole, rendered at the pinned API version, and no other event of the same second competes. */
  exact: boolean;
  /**
   * The embedded child lists of every `previous_attributes` seen for the object in this run (ids only): a
   * child any of them had that the object no longer has is gone.
   */
  previous: JsonObject[];
}

/** Changes past this many keep a reduced object (and are re-read rather than taken from the event). */
const WHOLE_OBJECTS = 20_000;

/** Which streams' changes matter this run (captured streams, and parents of captured children). */
export type Relevance = (def: StreamDef) => boolean;

export class ChangeSet {
  /** Events of types the tap does not know (neither routed nor deliberately ignored), by type. */
  readonly unknown = new Map<string, number>();
  events = 0;
  private readonly changes = new Map<string, Change>();
  private whole = 0;

  constructor(private readonly relevant: Relevance) {}

  get size(): number {
    return this.changes.size;
  }

  add(event: JsonObject): void {
    const type = String(event['type']);
    this.events += 1;
    const routes = EVENT_ROUTES.get(type);
    if (!routes) {
      if (ignoredBecause(type) === undefined) this.unknown.set(type, (this.unknown.get(type) ?? 0) + 1);
      return;
    }
    const data = (event['data'] ?? {}) as JsonObject;
    const object = (data['object'] ?? {}) as JsonObject;
    for (const route of routes) {
      const def = findStream(route.stream);
      if (!def || !this.relevant(def)) continue;
      const change = toChange(def, route, event, object, data['previous_attributes'] as JsonObject | undefined);
      if (change) this.keepNewest(change);
    }
  }

  /** The changes, by their oldest event first (the order in which the events cursor can pass them). */
  ordered(): Change[] {
    return [...this.changes.values()].sort((a, b) => a.since - b.since || a.time - b.time);
  }

  private keepNewest(change: Change): void {
    // keyed as the stream keys its records: a payment method's detach names no customer, its attach does
    const def = change.def;
    const parent = def.kind === 'child' && def.keyProperties.includes(def.parentKey) ? change.parentId ?? '' : '';
    const key = `${def.name}\u0000${parent}\u0000${change.id}`;
    const held = this.changes.get(key);
    if (held) {
      const previous = [...held.previous, ...change.previous];
      held.previous = previous;
      change.previous = previous;
      held.since = change.since = Math.min(held.since, change.since);
    }
    if (held && held.time > change.time) return;
    if (held && held.time === change.time) {
      // two events in one second: which came last is unknown, except that nothing follows a deletion
      if (held.action === 'delete') return;
      if (change.action !== 'delete') {
        held.exact = false;
        return;
      }
    }
    if (!held) this.whole += 1;
    if (this.whole > WHOLE_OBJECTS) reduce(change);
    this.changes.set(key, change);
  }
}

function toChange(def: StreamDef, route: EventRoute, event: JsonObject, object: JsonObject, previous: JsonObject | undefined): Change | undefined {
  const id = route.idFrom === 'event.account' ? event['account'] : object['id'];
  if (typeof id !== 'string' || typeof event['created'] !== 'number') return undefined;
  const change: Change = {
    def, action: route.action, id, time: event['created'], since: event['created'], object,
    exact: event['api_version'] === STRIPE_API_VERSION && route.idFrom === undefined,
    previous: previous && def.kind === 'top' ? childLists(def.name, previous) : [],
  };
  if (def.kind === 'child') {
    const parentId = object[route.parentField ?? def.parentKey];
    if (typeof parentId === 'string') change.parentId = parentId;
    // an upsert must say whose child it is (a source not attached to a customer is in no stream)
    else if (route.action === 'upsert' || def.keyProperties.includes(def.parentKey)) return undefined;
  }
  return change;
}

/** The embedded child lists of an object (or of its `previous_attributes`), ids only; none: an empty list. */
function childLists(stream: string, object: JsonObject): JsonObject[] {
  const out: JsonObject = {};
  for (const child of childrenOf(stream)) {
    const field = embeddedField(child);
    const value = field ? object[field] : undefined;
    if (field && value !== undefined) out[field] = idsOnly(value);
  }
  return Object.keys(out).length > 0 ? [out] : [];
}

/** Keeps what tombstones need: the id, `created`, and the ids of embedded children. */
function reduce(change: Change): void {
  change.exact = false;
  const slim: JsonObject = { id: change.object['id'], created: change.object['created'] };
  if (change.def.kind === 'top') Object.assign(slim, ...childLists(change.def.name, change.object));
  change.object = slim;
}

function embeddedField(child: ChildStreamDef): string | undefined {
  return child.source.kind === 'list' || child.source.kind === 'array' ? child.source.field : undefined;
}

function idsOnly(value: unknown): unknown {
  const ids = (items: unknown[]): unknown[] => items.map((i) => (typeof i === 'object' && i !== null ? { id: (i as JsonObject)['id'] } : i));
  if (isListObject(value)) return { ...value, data: ids(value.data) };
  return Array.isArray(value) ? ids(value) : value;
}
