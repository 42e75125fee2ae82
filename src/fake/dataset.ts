/**
 * The fake Stripe account: generated objects, its clock, and the reads tests use to inspect it (its ground
 * truth). Changes that write events as Stripe does live in `mutate.ts`.
 */
import { childrenOf, findStream, rootOf } from '../streams';
import type { ChildStreamDef, JsonObject, StreamDef, TopStreamDef } from '../streams/types';
import { FakeClock } from './clock';
import type { Entry } from './collection';
import {
  changeEventType, EVENT_RETENTION_SECONDS, eventSources, eventTypes, makeEvent, SERVED_API_VERSION, type EventOptions,
} from './events';
import { removeObject, updateObject } from './mutate';
import type { Factory } from './factory';
import { withIncludables } from './includable';
import { CHILD_SPECS } from './nested';
import { decorate, latestChildField } from './populate';
import { EXPANDABLE_REFERENCES, expandReference } from './reviews';
import type { Store } from './store';

export interface DatasetOptions {
  /** Seed of every random choice (default 42): same seed and `now`, same dataset. */
  seed?: number;
  /** Multiplies the per-stream object counts (default 1: about 2,700 top-level objects, 7,500 with child rows). */
  scale?: number;
  /** Milliseconds since the epoch (default `Date.now()`); objects are created up to one day before it. */
  now?: number;
  /** How far back objects go (default 3 years). */
  historyYears?: number;
  /** Exact object counts for some top streams (override `scale`). */
  counts?: Partial<Record<string, number>>;
}

export interface ChangeOptions {
  /** Record the event Stripe writes for the change (default true); a string names another event type. */
  event?: boolean | string;
  /** Parent id, for a child stream (default: the object's parent-key field, e.g. `subscription`). */
  parent?: string;
  /** `createNow`: fields set on the new object before its event is written. */
  fields?: JsonObject;
}

/** How the account's events behave (the server's knobs set these). */
export interface EventBehaviour {
  /** The API version event payloads are rendered at (the account's default version; default the pinned one). */
  apiVersion: string;
  /** Seconds before a new event shows in `GET /v1/events` (Stripe's lists are eventually consistent; default 0). */
  delaySeconds: number;
}

export class Dataset {
  readonly seed: number;
  /** Milliseconds: when the dataset was built. */
  readonly now: number;
  readonly clock: FakeClock;
  readonly events: EventBehaviour = { apiVersion: SERVED_API_VERSION, delaySeconds: 0 };

  constructor(readonly store: Store, readonly factory: Factory, seed: number, now: number) {
    this.seed = seed;
    this.now = now;
    this.clock = new FakeClock(now);
  }

  get account(): JsonObject {
    return this.store.account;
  }

  get balance(): JsonObject {
    return this.store.balance;
  }

  /** Names of the top list streams with objects (every `created`/`full` stream, events included). */
  streams(): string[] {
    return [...this.store.tops.keys()];
  }

  /**
   * What the tap should read for a stream (the ground truth): a top stream's objects as its list requests
   * return them (newest first, with the stream's expand[] values applied); a child stream's objects across
   * all parents (full lists). Events are the ones Stripe still lists (the last 30 days).
   */
  objects(stream: string): JsonObject[] {
    const def = this.def(stream);
    if (def.kind === 'top') {
      if (def.replication === 'snapshot') return [this.store.balance];
      const expand = tapExpand(def);
      const entries = this.store.top(stream).list.entries;
      const kept = stream === 'events' ? entries.filter((e) => this.eventListed(e)) : entries;
      return kept.map((e) => this.render(stream, e, expand));
    }
    const parents = this.objects(def.parent);
    const src = def.source;
    if (src.kind === 'list' || src.kind === 'endpoint') {
      return parents.flatMap((p) => this.children(stream, p['id'] as string));
    }
    if (src.kind === 'array') {
      return parents.flatMap((p) => {
        const items = p[src.field];
        return Array.isArray(items) ? items.map((x) => (typeof x === 'string' ? { id: x } : (x as JsonObject))) : [];
      });
    }
    if (src.kind === 'expanded') return parents.flatMap((p) => (typeof p[src.field] === 'object' && p[src.field] !== null ? [p[src.field] as JsonObject] : []));
    return parents.flatMap((p) => src.extract(p));
  }

  count(stream: string): number {
    return this.objects(stream).length;
  }

  /** One top object as retrieved (no expansions), or undefined. */
  get(stream: string, id: string): JsonObject | undefined {
    const entry = this.store.entry(stream, id);
    return entry ? this.render(stream, entry, new Set()) : undefined;
  }

  /** The full list of a parent's children (list and endpoint sources). */
  children(childStream: string, parentId: string): JsonObject[] {
    return this.store.childList(childStream, parentId)?.entries.map((e) => e.obj) ?? [];
  }

  /** Whether `GET /v1/events` lists an event now: old enough to be visible, young enough to be kept. */
  eventListed(entry: Entry): boolean {
    const now = this.clock.nowSeconds();
    return entry.created <= now - this.events.delaySeconds && entry.created >= now - EVENT_RETENTION_SECONDS;
  }

  /** Adds an object (its `id` and `created` are kept when present), with its `created` event. Returns it. */
  add(stream: string, object: JsonObject, opts: ChangeOptions = {}): JsonObject {
    const def = this.def(stream);
    const created = typeof object['created'] === 'number' ? object['created'] : typeof object['date'] === 'number' ? object['date'] : this.clock.nowSeconds();
    const obj: JsonObject = { ...object, id: typeof object['id'] === 'string' ? object['id'] : this.factory.newId(def.resource) };
    const entry: Entry = { id: obj['id'] as string, created, obj };
    if (def.kind === 'top') {
      this.store.addTop(stream, entry);
      this.topEvent(def, 'created', entry, opts.event);
      return this.render(stream, entry, new Set());
    }
    const parent = opts.parent ?? (obj[def.parentKey] as string | undefined);
    if (typeof parent !== 'string') throw new Error(`${stream}: add needs the parent id (opts.parent)`);
    this.childListFor(def, parent).insert(entry);
    if (stream === 'payout_balance_transactions' && !this.store.entry('balance_history', entry.id)) {
      this.store.addTop('balance_history', entry);
    }
    return obj;
  }

  /** Creates a new object like the generated ones, created at `createdUnix` (default: the clock's time). */
  createNow(stream: string, createdUnix = this.clock.nowSeconds(), opts: ChangeOptions = {}): JsonObject {
    const def = this.def(stream);
    const f = this.factory;
    if (def.kind === 'child') {
      const spec = CHILD_SPECS[stream];
      const parentId = opts.parent ?? this.store.pickId(def.parent, f.rng);
      const parent = parentId ? this.store.entry(def.parent, parentId) : undefined;
      if (!spec || !parent) throw new Error(`${stream}: cannot create (no generator or no parent)`);
      const obj = spec.build(f, parent, createdUnix, this.children(stream, parent.id).length, this.store);
      this.childListFor(def, parent.id).insert({ id: obj['id'] as string, created: createdUnix, obj });
      const latest = latestChildField(stream);
      if (latest) this.store.replaceTop(def.parent, { ...parent, obj: { ...parent.obj, [latest]: this.children(stream, parent.id)[0]?.['id'] ?? null } });
      return obj;
    }
    if (def.replication === 'snapshot') throw new Error(`${stream} is a snapshot`);
    let obj: JsonObject;
    if (stream === 'events') {
      const source = f.rng.pick(eventSources().filter((s) => this.store.ids(s.name).length > 0));
      const id = f.rng.pick(this.store.ids(source.name));
      obj = makeEvent(f, f.rng.pick(eventTypes(source.name)), this.get(source.name, id) ?? {}, createdUnix, { apiVersion: this.events.apiVersion });
    } else {
      obj = f.top(def, createdUnix, (s) => this.store.ids(s), this.store.ids(stream).length + 1);
    }
    const entry: Entry = { id: obj['id'] as string, created: createdUnix, obj: { ...obj, ...opts.fields } };
    this.store.addTop(stream, entry);
    decorate(this.store, f, stream, entry, false);
    this.topEvent(def, 'created', entry, opts.event);
    return this.render(stream, entry, new Set());
  }

  /** Changes fields of a top object (not its id or created), with its `updated` event. Returns the new object. */
  update(stream: string, id: string, patch: JsonObject, opts: ChangeOptions = {}): JsonObject {
    return updateObject(this, stream, id, patch, opts);
  }

  /** Removes an object (a top object with its children, or a child) as Stripe deletes it. False when it did not exist. */
  remove(stream: string, id: string, opts: ChangeOptions = {}): boolean {
    return removeObject(this, stream, id, opts);
  }

  /** Records an event about `object`, now by the clock (or at `createdUnix`). */
  addEvent(type: string, object: JsonObject, createdUnix = this.clock.nowSeconds(), opts: EventOptions = {}): JsonObject {
    const event = makeEvent(this.factory, type, object, createdUnix, { apiVersion: this.events.apiVersion, ...opts });
    this.store.addTop('events', { id: event['id'] as string, created: createdUnix, obj: event });
    return event;
  }

  /** The `<x>.created/updated/deleted` event of a top object, when the stream has one and it is asked for. */
  topEvent(def: TopStreamDef, change: 'created' | 'updated' | 'deleted', entry: Entry, event: boolean | string | undefined, previous?: JsonObject): void {
    if (event === false || def.name === 'events') return;
    const type = typeof event === 'string' ? event : changeEventType(def.name, change);
    if (!type) return; // Stripe writes no event for this change (e.g. shipping rates have none)
    this.addEvent(type, change === 'deleted' ? entry.obj : this.render(def.name, entry, new Set()), undefined, previous ? { previous } : {});
  }

  /**
   * An object as Stripe serves it: embedded lists (first 10, `has_more`), and the includable fields
   * named in `expand` (`sources`, `tax_ids`, `tiers`, `discounts` …, without the `data.` prefix).
   */
  render(stream: string, entry: Entry, expand: ReadonlySet<string>): JsonObject {
    let out = entry.obj;
    let copied = false;
    const set = (field: string, value: unknown): void => {
      if (!copied) out = { ...out };
      copied = true;
      out[field] = value;
    };
    for (const child of childrenOf(stream)) {
      if (child.source.kind !== 'list') continue;
      const field = child.source.field;
      if (child.parentExpand?.includes(`data.${field}`) && !expand.has(field)) continue;
      const list = this.store.childList(child.name, entry.id);
      if (!list) continue;
      // `expand[]=data.line_items.data.discounts`: the embedded items' own includable fields
      const nested = new Set([...expand].filter((e) => e.startsWith(`${field}.data.`)).map((e) => e.slice(field.length + 6)));
      set(field, embeddedList(child, entry.id, list.entries.map((e) => (nested.size > 0 ? withIncludables(this.store, e.obj, nested) : e.obj))));
    }
    if (stream === 'plans' && expand.has('tiers')) {
      const tiers = this.store.tiers.get(entry.id);
      if (tiers) set('tiers', tiers);
    }
    for (const field of Object.keys(EXPANDABLE_REFERENCES[stream] ?? {})) {
      const target = expand.has(field) ? expandReference(this.store, stream, field, out[field]) : undefined;
      if (target) set(field, target);
    }
    const discounts = out['discounts'];
    if (expand.has('discounts') && Array.isArray(discounts)) {
      set('discounts', discounts.map((d) => (typeof d === 'string' ? this.store.discounts.get(d) ?? d : d)));
    }
    return withIncludables(this.store, out, expand);
  }

  def(stream: string): StreamDef {
    const def = findStream(stream);
    if (!def) throw new Error(`unknown stream ${stream}`);
    return def;
  }

  topDef(stream: string): TopStreamDef {
    const def = this.def(stream);
    if (def.kind !== 'top') throw new Error(`${stream} is not a top stream`);
    return def;
  }

  childListFor(def: ChildStreamDef, parentId: string) {
    if (!this.store.entry(rootOf(def).name, parentId)) throw new Error(`${def.name}: no parent ${parentId}`);
    return this.store.childList(def.name, parentId, true);
  }
}

/** A list embedded in its parent: the first 10 items and `has_more`, as Stripe embeds them. */
export function embeddedList(child: ChildStreamDef, parentId: string, items: JsonObject[]): JsonObject {
  const path = child.source.kind === 'list' ? child.source.path : '';
  return { object: 'list', data: items.slice(0, 10), has_more: items.length > 10, url: path.replace('{parent}', parentId) };
}

/** The expand[] values the tap sends for a stream, without `data.`. */
export function tapExpand(def: TopStreamDef): Set<string> {
  const values = [...(def.expand ?? []), ...childrenOf(def.name).flatMap((c) => c.parentExpand ?? [])];
  return new Set(values.map((v) => (v.startsWith('data.') ? v.slice(5) : v)));
}
