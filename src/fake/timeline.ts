/**
 * Random but reproducible histories for the fake account: creates, updates and deletes of parents and
 * children between runs, each writing the events Stripe writes for it (see `mutate.ts`). Only changes
 * Stripe allows are made (only draft invoices lose lines or are deleted, subscriptions are canceled rather
 * than deleted, invoice items are not updated: 2024-04-10 has no event for that).
 */
import type { JsonObject } from '../streams/types';
import type { Dataset } from './dataset';
import { addChild, removeObject, updateObject } from './mutate';
import { Rng } from './random';

/** The streams a timeline changes (and that a test of it should select). */
export const TIMELINE_STREAMS = [
  'customers', 'customer_sources', 'tax_ids', 'payment_methods', 'customer_balance_transactions', 'products', 'prices',
  'coupons', 'plans', 'invoices', 'invoice_lines', 'invoice_items', 'subscriptions', 'subscription_items', 'charges',
  'refunds', 'webhook_endpoints',
];

type Op = (ds: Dataset, rng: Rng) => string | undefined;

const CREATE = ['customers', 'products', 'prices', 'coupons', 'plans', 'invoice_items', 'subscriptions', 'charges', 'invoices', 'webhook_endpoints'];
const UPDATE = ['customers', 'products', 'prices', 'coupons', 'plans', 'subscriptions', 'charges', 'invoices', 'webhook_endpoints'];
const DELETE = ['customers', 'products', 'coupons', 'plans', 'invoice_items', 'webhook_endpoints'];

function pick(ds: Dataset, rng: Rng, stream: string, test: (o: JsonObject) => boolean = () => true): JsonObject | undefined {
  const candidates = ds.store.top(stream).list.entries.filter((e) => test(e.obj));
  return candidates.length > 0 ? rng.pick(candidates).obj : undefined;
}

function childOf(ds: Dataset, rng: Rng, stream: string, parentId: string): JsonObject | undefined {
  const items = ds.children(stream, parentId);
  return items.length > 0 ? rng.pick(items) : undefined;
}

const isDraft = (ds: Dataset) => (o: JsonObject): boolean => o['status'] === 'draft' && ds.children('invoice_lines', String(o['id'])).length <= 10;

const OPS: [number, Op][] = [
  [4, (ds, rng) => {
    const stream = rng.pick(CREATE);
    const obj = ds.createNow(stream, undefined, stream === 'invoices' ? { fields: { status: 'draft' } } : {});
    return `create ${stream} ${obj['id']}`;
  }],
  [6, (ds, rng) => {
    const stream = rng.pick(UPDATE);
    const obj = pick(ds, rng, stream);
    if (!obj) return undefined;
    updateObject(ds, stream, String(obj['id']), { metadata: { rev: String(rng.int(1, 1_000_000)) } });
    return `update ${stream} ${obj['id']}`;
  }],
  [2, (ds, rng) => {
    const stream = rng.pick(DELETE);
    const obj = pick(ds, rng, stream);
    return obj && removeObject(ds, stream, String(obj['id'])) ? `delete ${stream} ${obj['id']}` : undefined;
  }],
  [1, (ds, rng) => {
    const draft = pick(ds, rng, 'invoices', isDraft(ds));
    return draft && removeObject(ds, 'invoices', String(draft['id'])) ? `delete draft invoice ${draft['id']}` : undefined;
  }],
  [1, (ds, rng) => {
    const sub = pick(ds, rng, 'subscriptions', (o) => o['status'] !== 'canceled');
    if (!sub) return undefined;
    updateObject(ds, 'subscriptions', String(sub['id']), { status: 'canceled', canceled_at: ds.clock.nowSeconds() }, { event: 'customer.subscription.deleted' });
    return `cancel subscription ${sub['id']}`;
  }],
  [1, (ds, rng) => {
    const charge = pick(ds, rng, 'charges', (o) => o['refunded'] !== true);
    if (!charge) return undefined;
    updateObject(ds, 'charges', String(charge['id']), { refunded: true, amount_refunded: charge['amount'] }, { event: 'charge.refunded' });
    ds.createNow('refunds', undefined, { fields: { charge: charge['id'] } });
    return `refund charge ${charge['id']}`;
  }],
  [5, (ds, rng) => {
    const stream = rng.pick(['customer_sources', 'tax_ids', 'payment_methods', 'customer_balance_transactions']);
    const customer = pick(ds, rng, 'customers');
    if (!customer) return undefined;
    const obj = addChild(ds, stream, String(customer['id']));
    return `add ${stream} ${obj['id']} to ${customer['id']}`;
  }],
  [3, (ds, rng) => {
    const stream = rng.pick(['customer_sources', 'tax_ids', 'payment_methods']);
    const customer = pick(ds, rng, 'customers', (o) => ds.children(stream, String(o['id'])).length > 0);
    const child = customer ? childOf(ds, rng, stream, String(customer['id'])) : undefined;
    if (!customer || !child) return undefined;
    if (rng.chance(0.5)) {
      updateObject(ds, stream, String(child['id']), { metadata: { rev: String(rng.int(1, 1_000_000)) } }, { parent: String(customer['id']) });
      return `update ${stream} ${child['id']}`;
    }
    removeObject(ds, stream, String(child['id']), { parent: String(customer['id']) });
    return `remove ${stream} ${child['id']}`;
  }],
  [3, (ds, rng) => {
    const sub = pick(ds, rng, 'subscriptions', (o) => o['status'] !== 'canceled');
    if (!sub) return undefined;
    const id = String(sub['id']);
    const item = childOf(ds, rng, 'subscription_items', id);
    const choice = rng.int(0, 2);
    if (choice === 0 || !item) return `add subscription item ${String(addChild(ds, 'subscription_items', id)['id'])}`;
    if (choice === 1) {
      updateObject(ds, 'subscription_items', String(item['id']), { quantity: rng.int(1, 50) }, { parent: id });
      return `update subscription item ${item['id']}`;
    }
    removeObject(ds, 'subscription_items', String(item['id']), { parent: id });
    return `remove subscription item ${item['id']}`;
  }],
  [2, (ds, rng) => {
    const draft = pick(ds, rng, 'invoices', isDraft(ds));
    if (!draft) return undefined;
    const id = String(draft['id']);
    const line = childOf(ds, rng, 'invoice_lines', id);
    if (!line || rng.chance(0.5)) return `add invoice line ${String(addChild(ds, 'invoice_lines', id)['id'])}`;
    removeObject(ds, 'invoice_lines', String(line['id']), { parent: id });
    return `remove invoice line ${line['id']}`;
  }],
];

export class Timeline {
  private readonly rng: Rng;
  private readonly total = OPS.reduce((n, [w]) => n + w, 0);

  constructor(private readonly ds: Dataset, seed: number) {
    this.rng = new Rng(seed);
  }

  /** Makes `count` changes (fewer when some find nothing to change) at the clock's time; returns what was done. */
  step(count: number): string[] {
    const done: string[] = [];
    for (let i = 0; i < count; i += 1) {
      let r = this.rng.int(0, this.total - 1);
      const op = OPS.find(([w]) => (r -= w) < 0)?.[1] ?? OPS[0]![1];
      const what = op(this.ds, this.rng);
      if (what) done.push(what);
    }
    return done;
  }
}
