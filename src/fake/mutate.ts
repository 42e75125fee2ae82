/**
 * Changes to the fake account that write the events Stripe writes for them: updates (with
 * `previous_attributes`), deletions (with what Stripe does to the object's dependants), and changes to child
 * objects (their own events where Stripe has them, otherwise an `updated` event of the parent).
 *
 * Stripe's rules followed here, from the OpenAPI spec (2024-04-10):
 * - `DELETE /v1/customers/{customer}`: "Permanently deletes a customer. [...] Also immediately cancels any
 *   active subscriptions on the customer." (`customer.subscription.deleted` is the cancellation event.)
 * - `previous_attributes` is "only included in events of type `*.updated`. If an array attribute has any
 *   updated elements, this object contains the entire array."
 * - Event types per stream are the fake's own table (`stripe-events.ts`), not the tap's.
 */
import { childrenOf, rootOf } from '../streams';
import type { ChildStreamDef, JsonObject } from '../streams/types';
import type { Entry } from './collection';
import { embeddedList, type ChangeOptions, type Dataset } from './dataset';
import { changeEventType } from './events';

/** Old values of the fields a patch changes: the `previous_attributes` of an `updated` event. */
function previousOf(old: JsonObject, patch: JsonObject): JsonObject {
  return Object.fromEntries(Object.keys(patch).map((k) => [k, old[k] ?? null]));
}

export function updateObject(ds: Dataset, stream: string, id: string, patch: JsonObject, opts: ChangeOptions = {}): JsonObject {
  const def = ds.def(stream);
  if (def.kind === 'child') {
    if (!opts.parent) throw new Error(`${stream}: update needs opts.parent`);
    return updateChild(ds, def, opts.parent, id, patch, opts);
  }
  const old = ds.store.entry(stream, id);
  if (!old) throw new Error(`${stream}: no object ${id}`);
  const entry: Entry = { id, created: old.created, obj: { ...old.obj, ...patch, id } };
  if ('created' in old.obj) entry.obj['created'] = old.created;
  ds.store.replaceTop(stream, entry);
  ds.topEvent(def, 'updated', entry, opts.event, previousOf(old.obj, patch));
  return ds.render(stream, entry, new Set());
}

export function removeObject(ds: Dataset, stream: string, id: string, opts: ChangeOptions = {}): boolean {
  const def = ds.def(stream);
  if (def.kind === 'child') {
    const parents = opts.parent ? [opts.parent] : [...(ds.store.children.get(stream)?.keys() ?? [])];
    const parent = parents.find((p) => ds.store.childList(stream, p)?.entries.some((e) => e.id === id));
    if (parent === undefined) return false;
    removeChild(ds, def, parent, id, opts);
    return true;
  }
  const entry = ds.store.entry(stream, id);
  if (!entry) return false;
  const rendered = ds.render(stream, entry, new Set());
  if (stream === 'customers') cancelSubscriptions(ds, id, opts);
  ds.store.removeTop(stream, id);
  for (const child of childrenOf(stream)) ds.store.children.get(child.name)?.delete(id);
  ds.topEvent(def, 'deleted', { ...entry, obj: rendered }, opts.event);
  return true;
}

function cancelSubscriptions(ds: Dataset, customer: string, opts: ChangeOptions): void {
  for (const sub of ds.store.top('subscriptions').list.entries.slice()) {
    if (sub.obj['customer'] !== customer || sub.obj['status'] === 'canceled') continue;
    updateObject(ds, 'subscriptions', sub.id, { status: 'canceled', canceled_at: ds.clock.nowSeconds() }, {
      event: opts.event === false ? false : 'customer.subscription.deleted',
    });
  }
}

/** A new child object of a parent (generated like the others), with the events Stripe writes for it. */
export function addChild(ds: Dataset, stream: string, parentId: string, overrides: JsonObject = {}, opts: ChangeOptions = {}): JsonObject {
  const def = childDef(ds, stream);
  const before = snapshot(ds, def, parentId);
  const obj = ds.createNow(stream, ds.clock.nowSeconds(), { parent: parentId });
  const created = { ...obj, ...overrides };
  if (Object.keys(overrides).length > 0) replaceChild(ds, def, parentId, created);
  const type = changeEventType(stream, 'created');
  if (opts.event !== false && type) ds.addEvent(type, created);
  else parentEvent(ds, def, parentId, before, 'created', opts);
  return created;
}

export function updateChild(ds: Dataset, def: ChildStreamDef, parentId: string, id: string, patch: JsonObject, opts: ChangeOptions = {}): JsonObject {
  const list = ds.store.childList(def.name, parentId);
  const old = list?.entries.find((e) => e.id === id);
  if (!list || !old) throw new Error(`${def.name}: no object ${id} under ${parentId}`);
  const before = snapshot(ds, def, parentId);
  const obj = { ...old.obj, ...patch, id };
  replaceChild(ds, def, parentId, obj);
  const type = changeEventType(def.name, 'updated');
  if (opts.event !== false && type) ds.addEvent(type, obj, undefined, { previous: previousOf(old.obj, patch) });
  else parentEvent(ds, def, parentId, before, 'updated', opts);
  return obj;
}

export function removeChild(ds: Dataset, def: ChildStreamDef, parentId: string, id: string, opts: ChangeOptions = {}): void {
  const list = ds.store.childList(def.name, parentId);
  const old = list?.entries.find((e) => e.id === id);
  if (!list || !old) throw new Error(`${def.name}: no object ${id} under ${parentId}`);
  const before = snapshot(ds, def, parentId);
  list.remove(id, old);
  const type = changeEventType(def.name, 'deleted');
  // a detached payment method still exists ("it can no longer be used for a payment or re-attached"), without a customer
  const detached = def.name === 'payment_methods' ? { ...old.obj, customer: null } : undefined;
  if (detached) ds.store.detached.set(id, detached);
  if (opts.event !== false && type) ds.addEvent(type, detached ?? { ...old.obj, deleted: true });
  else parentEvent(ds, def, parentId, before, 'deleted', opts);
}

function childDef(ds: Dataset, stream: string): ChildStreamDef {
  const def = ds.def(stream);
  if (def.kind !== 'child') throw new Error(`${stream} is not a child stream`);
  return def;
}

function replaceChild(ds: Dataset, def: ChildStreamDef, parentId: string, obj: JsonObject): void {
  const list = ds.childListFor(def, parentId);
  const i = list.entries.findIndex((e) => e.id === obj['id']);
  const old = list.entries[i];
  if (old) list.entries[i] = { ...old, obj };
}

/** The parent's field a child lives in, as the parent shows it now (for `previous_attributes`). */
function snapshot(ds: Dataset, def: ChildStreamDef, parentId: string): JsonObject {
  const parent = ds.store.entry(rootOf(def).name, parentId);
  if (def.source.kind === 'list') return { [def.source.field]: embeddedList(def, parentId, ds.children(def.name, parentId)) };
  if (def.name === 'customer_balance_transactions') return { balance: parent?.obj['balance'] ?? 0 };
  return {};
}

/**
 * A child without events of its own changes its parent: `transfer.reversed` for a new reversal,
 * `application_fee.refunded` for a new fee refund, the parent's `updated` event (with the whole previous
 * list) otherwise; a customer balance transaction moves the customer's `balance`.
 */
function parentEvent(ds: Dataset, def: ChildStreamDef, parentId: string, before: JsonObject, change: string, opts: ChangeOptions): void {
  const parent = rootOf(def);
  const entry = ds.store.entry(parent.name, parentId);
  if (!entry || opts.event === false) return;
  if (def.name === 'customer_balance_transactions') {
    const amount = ds.children(def.name, parentId).reduce((n, t) => n + (typeof t['amount'] === 'number' ? t['amount'] : 0), 0);
    updateObject(ds, 'customers', parentId, { balance: amount }, opts);
    return;
  }
  const special = change === 'created' && def.name === 'transfer_reversals' ? 'transfer.reversed'
    : change === 'created' && def.name === 'application_fee_refunds' ? 'application_fee.refunded' : undefined;
  const type = special ?? changeEventType(parent.name, 'updated');
  if (!type) return;
  ds.addEvent(type, ds.render(parent.name, entry, new Set()), undefined, type.endsWith('.updated') ? { previous: before } : {});
}
