/**
 * Object factory: clones Stripe's example objects with fresh, deterministic ids, times and references.
 */
import type { JsonObject, TopStreamDef } from '../streams/types';
import { shapeAccount } from './connect';
import { fixture, hasFixture, idPrefix } from './fixtures';
import { legacyObject } from './legacy';
import { base62, type Rng } from './random';

/** Ids of a stream's objects, for references between objects (`charge.customer` …). */
export type Pools = (stream: string) => readonly string[];

/** Fields whose string value is replaced by the id of a random object of a stream. */
const REFERENCES: Record<string, string> = {
  customer: 'customers',
  charge: 'charges',
  invoice: 'invoices',
  payment_intent: 'payment_intents',
  product: 'products',
  subscription: 'subscriptions',
};
/** Resources whose `customer` is often set even though the fixture has null. */
const CUSTOMER_OFTEN = new Set(['charge', 'payment_intent', 'setup_intent', 'checkout.session', 'invoiceitem']);

const SUBSCRIPTION_STATUSES = ['active', 'active', 'active', 'active', 'past_due', 'trialing', 'canceled', 'canceled', 'unpaid', 'incomplete_expired'];
const INVOICE_STATUSES = ['paid', 'paid', 'paid', 'paid', 'open', 'open', 'draft', 'void', 'uncollectible'];
const FEE_TYPES = [
  { type: 'stripe_fee', description: 'Stripe processing fees' },
  { type: 'application_fee', description: 'Application fee' },
  { type: 'tax', description: 'Sales tax on Stripe fees' },
];
const CAPABILITIES = ['card_payments', 'transfers', 'us_bank_account_ach_payments', 'link_payments', 'cashapp_payments', 'affirm_payments', 'klarna_payments', 'tax_reporting_us_1099_k'];

export class Factory {
  private seq = 0;

  constructor(readonly rng: Rng) {}

  /** A new unique id with the resource's prefix (`ch_…`). */
  newId(resource: string, prefix = idPrefix(resource)): string {
    const n = ++this.seq;
    if (resource === 'coupon') return this.rng.alnum(4).toUpperCase() + base62(n, 4);
    if (resource === 'tax_code') return `txcd_${10000000 + n}`;
    return prefix + this.rng.alnum(18) + base62(n, 6);
  }

  /** A shallow copy of the resource's fixture (nested values shared and frozen) with `overrides`. */
  clone(resource: string, overrides: JsonObject): JsonObject {
    return { ...fixture(resource), ...overrides };
  }

  /** The capability names an account can have (capability ids). */
  capabilityNames(count: number): string[] {
    return CAPABILITIES.slice(0, Math.max(1, Math.min(count, CAPABILITIES.length)));
  }

  feeDetails(count: number): JsonObject[] {
    return Array.from({ length: count }, () => {
      const kind = this.rng.pick(FEE_TYPES);
      return { amount: this.rng.int(5, 900), application: null, currency: 'usd', description: kind.description, type: kind.type };
    });
  }

  /** A balance transaction with 0–3 fees (fee = their sum, net = amount − fee). */
  balanceTransaction(created: number, overrides: JsonObject = {}, fees = this.rng.int(0, 3)): JsonObject {
    const amount = this.rng.int(100, 250000);
    const feeDetails = this.feeDetails(fees);
    const fee = feeDetails.reduce((sum, f) => sum + (f['amount'] as number), 0);
    return this.clone('balance_transaction', {
      id: this.newId('balance_transaction'), created, available_on: created + 2 * 86400,
      amount, fee, fee_details: feeDetails, net: amount - fee, ...overrides,
    });
  }

  /** A new object of a top stream created at `created` (unix seconds). */
  top(def: TopStreamDef, created: number, pools: Pools, n: number): JsonObject {
    if (def.resource.startsWith('legacy.')) return legacyObject(def.resource, this, created, pools);
    if (def.resource === 'balance_transaction') {
      return this.balanceTransaction(created, { source: this.ref(pools, 'charges', 'ch_unknown') });
    }
    if (!hasFixture(def.resource)) throw new Error(`stream ${def.name}: no fixture for ${def.resource}`);
    const base = fixture(def.resource);
    const obj = this.clone(def.resource, {});
    if ('id' in base) obj['id'] = this.newId(def.resource);
    if ('created' in base) obj['created'] = created;
    if (def.resource === 'invoiceitem') obj['date'] = created;
    if (typeof base['amount'] === 'number') obj['amount'] = this.rng.int(100, 100000);
    if (typeof base['amount_decimal'] === 'string') obj['amount_decimal'] = String(obj['amount']);
    if (typeof base['unit_amount'] === 'number') {
      obj['unit_amount'] = this.rng.int(100, 100000);
      if (typeof base['unit_amount_decimal'] === 'string') obj['unit_amount_decimal'] = String(obj['unit_amount']);
    }
    for (const [field, stream] of Object.entries(REFERENCES)) {
      const value = base[field];
      const often = field === 'customer' && value === null && CUSTOMER_OFTEN.has(def.resource) && this.rng.chance(0.7);
      if (typeof value === 'string' || often) obj[field] = this.ref(pools, stream, value);
    }
    this.tweak(def.resource, obj, n);
    return obj;
  }

  private ref(pools: Pools, stream: string, fallback: unknown): unknown {
    const ids = pools(stream);
    return ids.length > 0 ? this.rng.pick(ids) : fallback;
  }

  /** Per-resource touches that make lists look like a real account's. */
  private tweak(resource: string, obj: JsonObject, n: number): void {
    switch (resource) {
      case 'customer':
        obj['name'] = `Customer ${n}`;
        obj['email'] = `customer${n}@example.com`;
        break;
      case 'product':
        obj['name'] = `Product ${n}`;
        break;
      case 'account':
        shapeAccount(obj, n);
        break;
      case 'subscription': {
        const status = this.rng.pick(SUBSCRIPTION_STATUSES);
        obj['status'] = status;
        if (status !== 'canceled') obj['canceled_at'] = null;
        obj['discounts'] = [];
        break;
      }
      case 'invoice':
        obj['status'] = this.rng.pick(INVOICE_STATUSES);
        obj['discounts'] = [];
        obj['number'] = `FAKE-${String(n).padStart(5, '0')}`;
        break;
      case 'charge':
        obj['status'] = this.rng.chance(0.9) ? 'succeeded' : 'failed';
        obj['paid'] = obj['status'] === 'succeeded';
        obj['captured'] = obj['paid'];
        obj['amount_captured'] = obj['paid'] ? obj['amount'] : 0;
        break;
      default:
        break;
    }
  }
}
