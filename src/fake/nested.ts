/**
 * Objects that live inside or beside a parent: invoice lines, subscription items, customers' sources and tax
 * ids, per-parent endpoint lists, discounts, plan tiers and disputes' balance transactions.
 */
import type { JsonObject } from '../streams/types';
import type { Entry } from './collection';
import { controlledByPlatform } from './connect';
import { addIncludables } from './includable';
import type { Factory } from './factory';
import type { Rng } from './random';
import type { Store } from './store';

interface CountPlan {
  /** Most parents get between these many children. */
  small: [number, number];
  /** A share of parents get more than a page of the embedded list (10). */
  big: [number, number];
  bigShare: number;
  /** One parent gets exactly this many. */
  giant?: number;
}

interface ChildSpec {
  counts: CountPlan;
  /** Parents that have no children the platform can read (Stripe refuses the list for them). */
  readable?: (parent: Entry) => boolean;
  build(f: Factory, parent: Entry, created: number, index: number, store: Store): JsonObject;
}

const endpointCounts: CountPlan = { small: [0, 6], big: [11, 15], bigShare: 0.04 };

/** Child streams whose objects the fake generates per parent (list and endpoint sources). */
export const CHILD_SPECS: Record<string, ChildSpec> = {
  invoice_lines: {
    counts: { small: [1, 5], big: [11, 40], bigShare: 0.04, giant: 250 },
    build: (f, p, _c, i) => f.clone('line_item', {
      id: f.newId('line_item'), invoice: p.id, amount: f.rng.int(100, 20000), description: `Line ${i + 1}`,
      invoice_item: f.newId('invoiceitem'),
    }),
  },
  credit_note_lines: {
    counts: { small: [1, 3], big: [11, 25], bigShare: 0.08 },
    build: (f, _p, _c, i) => f.clone('credit_note_line_item', { id: f.newId('credit_note_line_item'), amount: f.rng.int(100, 5000), description: `Credit line ${i + 1}` }),
  },
  transfer_reversals: {
    counts: { small: [0, 2], big: [11, 15], bigShare: 0.05 },
    build: (f, p, created) => f.clone('transfer_reversal', { id: f.newId('transfer_reversal'), transfer: p.id, created, amount: f.rng.int(100, 1000) }),
  },
  application_fee_refunds: {
    counts: { small: [0, 2], big: [11, 14], bigShare: 0.06 },
    build: (f, p, created) => f.clone('fee_refund', { id: f.newId('fee_refund'), fee: p.id, created, amount: f.rng.int(10, 100) }),
  },
  subscription_items: {
    counts: { small: [1, 3], big: [11, 20], bigShare: 0.04 },
    build: (f, p, created) => f.clone('subscription_item', { id: f.newId('subscription_item'), subscription: p.id, created, quantity: f.rng.int(1, 20) }),
  },
  customer_sources: {
    counts: { small: [0, 2], big: [11, 15], bigShare: 0.02 },
    build: (f, p) => f.rng.chance(0.8)
      ? f.clone('card', { id: f.newId('card'), customer: p.id, last4: String(f.rng.int(1000, 9999)), exp_year: f.rng.int(2025, 2032) })
      : f.clone('bank_account', { id: f.newId('bank_account'), customer: p.id, last4: String(f.rng.int(1000, 9999)) }),
  },
  tax_ids: {
    counts: { small: [0, 2], big: [11, 13], bigShare: 0.01 },
    build: (f, p, created) => f.clone('tax_id', {
      id: f.newId('tax_id'), customer: p.id, created, owner: { customer: p.id, type: 'customer' },
      value: `DE${f.rng.int(100000000, 999999999)}`,
    }),
  },
  external_accounts: {
    readable: (p) => controlledByPlatform(p.obj),
    counts: { small: [1, 2], big: [11, 12], bigShare: 0.1 },
    build: (f, p) => f.rng.chance(0.75)
      ? f.clone('bank_account', { id: f.newId('bank_account'), account: p.id, last4: String(f.rng.int(1000, 9999)) })
      : f.clone('card', { id: f.newId('card'), account: p.id, last4: String(f.rng.int(1000, 9999)) }),
  },
  customer_balance_transactions: {
    counts: endpointCounts,
    build: (f, p, created) => f.clone('customer_balance_transaction', { id: f.newId('customer_balance_transaction'), customer: p.id, created, amount: -f.rng.int(100, 5000) }),
  },
  payment_methods: {
    counts: endpointCounts,
    build: (f, p, created) => f.clone('payment_method', { id: f.newId('payment_method'), customer: p.id, created }),
  },
  persons: {
    readable: (p) => controlledByPlatform(p.obj),
    counts: { small: [0, 4], big: [11, 15], bigShare: 0.1 },
    build: (f, p, created, i) => f.clone('person', { id: f.newId('person'), account: p.id, created, first_name: `Person${i + 1}` }),
  },
  capabilities: {
    counts: { small: [1, 8], big: [8, 8], bigShare: 0 },
    build: (f, p, _c, i) => f.clone('capability', {
      id: f.capabilityNames(i + 1)[i] ?? 'card_payments', account: p.id, status: f.rng.pick(['active', 'active', 'inactive', 'pending']),
    }),
  },
  setup_attempts: {
    counts: { small: [0, 4], big: [11, 15], bigShare: 0.05 },
    build: (f, p, created) => f.clone('setup_attempt', {
      id: f.newId('setup_attempt'), setup_intent: p.id, created, customer: p.obj['customer'] ?? null,
    }),
  },
  issuing_tokens: {
    counts: { small: [0, 2], big: [11, 13], bigShare: 0.1 },
    build: (f, p, created) => f.clone('issuing.token', {
      id: f.newId('issuing.token'), card: p.id, created, network_updated_at: created,
      wallet_provider: f.rng.pick(['apple_pay', 'google_pay', 'samsung_pay']), status: f.rng.pick(['active', 'active', 'suspended', 'deleted']),
    }),
  },
  checkout_session_line_items: {
    counts: { small: [1, 5], big: [11, 15], bigShare: 0.05 },
    build: (f, _p, _c, i) => f.clone('item', { id: f.newId('item'), description: `Item ${i + 1}`, quantity: f.rng.int(1, 5) }),
  },
};

/** Children per parent: most small, a share big, one giant. */
export function childCounts(plan: CountPlan, parents: number, rng: Rng): number[] {
  const counts = Array.from({ length: parents }, () => rng.int(plan.small[0], plan.small[1]));
  const bigCount = plan.bigShare > 0 ? Math.min(parents, Math.max(plan.giant ? 2 : 1, Math.round(parents * plan.bigShare))) : 0;
  const chosen = rng.sample(Array.from({ length: parents }, (_, i) => i), bigCount);
  chosen.forEach((index, k) => {
    counts[index] = k === 0 && plan.giant ? plan.giant : rng.int(plan.big[0], plan.big[1]);
  });
  return counts;
}

/** Creates `count` children of one parent into the store. */
export function addChildren(store: Store, f: Factory, childStream: string, parent: Entry, count: number): void {
  const spec = CHILD_SPECS[childStream];
  if (!spec || (spec.readable && !spec.readable(parent))) return;
  const list = store.childList(childStream, parent.id, true);
  const latest = Math.max(parent.created, store.latestCreated);
  for (let i = 0; i < count; i++) {
    const created = parent.created + f.rng.int(0, latest - parent.created);
    const obj = spec.build(f, parent, created, i, store);
    const entry = { id: obj['id'] as string, created, obj };
    addIncludables(store, f, childStream, entry);
    list.push(entry);
  }
  list.sortAll();
}

/** Discounts of an invoice or subscription: ids in the object, objects kept for `expand[]=data.discounts`. */
export function addDiscounts(store: Store, f: Factory, parentStream: 'invoices' | 'subscriptions', parent: Entry): void {
  const n = f.rng.chance(0.7) ? 0 : f.rng.chance(0.8) ? 1 : 2;
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const couponId = store.pickId('coupons', f.rng);
    const coupon = couponId ? store.entry('coupons', couponId)?.obj : undefined;
    const discount = f.clone('discount', {
      id: f.newId('discount'), coupon: coupon ?? f.clone('coupon', {}), customer: parent.obj['customer'] ?? null,
      invoice: parentStream === 'invoices' ? parent.id : null,
      subscription: parentStream === 'subscriptions' ? parent.id : null, start: parent.created, end: null,
    });
    store.discounts.set(discount['id'] as string, discount);
    ids.push(discount['id'] as string);
  }
  parent.obj['discounts'] = ids;
}

/** Tiered plans (about 40%): 2–5 tiers, kept for `expand[]=data.tiers`. */
export function addTiers(store: Store, f: Factory, plan: Entry): void {
  if (!f.rng.chance(0.4)) return;
  const count = f.rng.int(2, 5);
  const tiers: JsonObject[] = [];
  let upTo = 0;
  for (let i = 0; i < count; i++) {
    upTo += f.rng.int(5, 100);
    const unit = f.rng.int(50, 2000);
    const flat = f.rng.chance(0.3) ? f.rng.int(0, 5000) : null;
    tiers.push({
      flat_amount: flat, flat_amount_decimal: flat === null ? null : String(flat),
      unit_amount: unit, unit_amount_decimal: String(unit), up_to: i === count - 1 ? null : upTo,
    });
  }
  Object.assign(plan.obj, { billing_scheme: 'tiered', tiers_mode: f.rng.pick(['graduated', 'volume']), amount: null, amount_decimal: null });
  store.tiers.set(plan.id, tiers);
}

/** A dispute's balance transactions (withdrawal and fees); they also appear in balance_history. */
export function addDisputeTransactions(store: Store, f: Factory, dispute: Entry, bulk: boolean): void {
  const txs: JsonObject[] = [];
  const count = f.rng.int(1, 2);
  for (let i = 0; i < count; i++) {
    const created = Math.min(dispute.created + i * 86400, Math.max(dispute.created, store.latestCreated));
    const amount = -(typeof dispute.obj['amount'] === 'number' ? dispute.obj['amount'] : 1000);
    const tx = f.balanceTransaction(created, {
      type: 'adjustment', reporting_category: 'dispute', source: dispute.id, description: `Chargeback withdrawal for ${dispute.obj['charge']}`,
    }, f.rng.int(1, 2));
    Object.assign(tx, { amount, net: amount - (tx['fee'] as number) });
    txs.push(tx);
    store.addTop('balance_history', { id: tx['id'] as string, created, obj: tx }, bulk);
  }
  dispute.obj['balance_transactions'] = txs;
}
