/**
 * Fills a store with a few years of a plausible Stripe account's history, deterministically from a seed.
 */
import { STREAMS, childrenOf } from '../streams';
import type { TopStreamDef } from '../streams/types';
import { addTestClockObjects } from './clocks';
import { addIncludables } from './includable';
import { linkReviews } from './reviews';
import type { Entry } from './collection';
import type { Factory } from './factory';
import { addChildren, addDiscounts, addDisputeTransactions, addTiers, CHILD_SPECS, childCounts } from './nested';
import type { Rng } from './random';
import type { Store } from './store';

/** Objects per stream at scale 1 (streams not listed get 5; every stream gets at least 3). */
export const BASE_COUNTS: Record<string, number> = {
  balance_history: 400, charges: 300, payment_intents: 250, customers: 200, invoices: 150, invoice_items: 120,
  subscriptions: 100, checkout_sessions: 80, prices: 80, refunds: 60, setup_intents: 60, payouts: 40,
  transfers: 40, products: 40, application_fees: 30, tax_codes: 30, credit_notes: 25, disputes: 20, plans: 20,
  issuing_authorizations: 20, issuing_transactions: 20, orders: 20, file_uploads: 15, subscription_schedules: 15,
  quotes: 15, coupons: 15, promotion_codes: 15, accounts: 12, payment_links: 12, skus: 12, reviews: 10, topups: 10,
  issuing_cards: 10, early_fraud_warnings: 8, file_links: 8, tax_rates: 8, issuing_cardholders: 8,
  identity_verification_sessions: 8, identity_verification_reports: 6, reporting_report_runs: 6, returns: 6,
  shipping_rates: 5, terminal_readers: 5, radar_value_lists: 4, test_clocks: 3,
  issuing_disputes: 3, treasury_financial_accounts: 3, terminal_locations: 3, webhook_endpoints: 3,
  billing_portal_configurations: 3, payment_method_domains: 3, events: 300,
};

/** Streams built first, so that others can refer to their objects. */
const FIRST = ['customers', 'products', 'coupons', 'skus', 'prices', 'plans', 'accounts', 'charges', 'payment_intents', 'invoices', 'subscriptions', 'orders'];

export interface BuildOptions {
  scale: number;
  historyYears: number;
  counts: Partial<Record<string, number>>;
}

export function streamCount(name: string, opts: BuildOptions): number {
  return opts.counts[name] ?? Math.max(3, Math.round((BASE_COUNTS[name] ?? 5) * opts.scale));
}

/** Top list streams in build order (events excluded: they are built from the others). */
export function buildOrder(): TopStreamDef[] {
  const tops = STREAMS.filter((s): s is TopStreamDef => s.kind === 'top' && s.replication !== 'snapshot' && s.name !== 'events');
  const rank = (name: string): number => {
    const i = FIRST.indexOf(name);
    return i < 0 ? FIRST.length : i;
  };
  return tops.slice().sort((a, b) => rank(a.name) - rank(b.name));
}

/** Creation times spread over the history, about 5% sharing a second with another object. */
function createdTimes(rng: Rng, count: number, from: number, to: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const prev = times[i - 1];
    times.push(prev !== undefined && rng.chance(0.05) ? prev : rng.int(from, to));
  }
  return times;
}

/**
 * The parent field naming a child stream's newest object: a setup intent's `latest_attempt`, "the most recent
 * SetupAttempt for this SetupIntent" (spec 2024-04-10), null while it has none.
 */
export function latestChildField(childStream: string): string | undefined {
  return childStream === 'setup_attempts' ? 'latest_attempt' : undefined;
}

/** Nested data of a new parent: children (sizes given, or small), discounts, tiers, dispute transactions. */
export function decorate(store: Store, f: Factory, stream: string, entry: Entry, bulk: boolean, sizes?: Map<string, number>): void {
  addIncludables(store, f, stream, entry);
  for (const child of childrenOf(stream)) {
    const spec = CHILD_SPECS[child.name];
    if (!spec) continue;
    const count = sizes?.get(child.name) ?? f.rng.int(spec.counts.small[0], spec.counts.small[1]);
    addChildren(store, f, child.name, entry, count);
  }
  for (const child of childrenOf(stream)) {
    const field = latestChildField(child.name);
    if (field) entry.obj[field] = store.childList(child.name, entry.id)?.entries[0]?.id ?? null;
  }
  if (stream === 'invoices' || stream === 'subscriptions') addDiscounts(store, f, stream, entry);
  if (stream === 'plans') addTiers(store, f, entry);
  if (stream === 'disputes') addDisputeTransactions(store, f, entry, bulk);
}

export function populate(store: Store, f: Factory, opts: BuildOptions): void {
  const { rng } = f;
  const from = store.latestCreated - Math.round(opts.historyYears * 365 * 86400);
  for (const def of buildOrder()) {
    const count = streamCount(def.name, opts);
    createdTimes(rng, count, from, store.latestCreated).forEach((created, i) => {
      const obj = f.top(def, created, (s) => store.ids(s), i + 1);
      store.addTop(def.name, { id: obj['id'] as string, created, obj }, true);
    });
  }
  for (const def of buildOrder()) {
    const entries = store.top(def.name).list.entries.slice();
    const plans = childrenOf(def.name)
      .filter((c) => CHILD_SPECS[c.name])
      .map((c) => ({ name: c.name, counts: childCounts((CHILD_SPECS[c.name] as (typeof CHILD_SPECS)[string]).counts, entries.length, rng) }));
    entries.forEach((entry, i) => {
      const sizes = new Map(plans.map((p) => [p.name, p.counts[i] ?? 0]));
      decorate(store, f, def.name, entry, true, sizes);
    });
  }
  addTestClockObjects(store, f);
  linkReviews(store, rng);
  store.sortAll();
  assignPayoutTransactions(store, rng);
}

/** Each payout settles a few balance transactions (some more than a page), served at `?payout=`. */
function assignPayoutTransactions(store: Store, rng: Rng): void {
  const payouts = store.top('payouts').list.entries;
  const pool = rng.sample(store.top('balance_history').list.entries.filter((e) => e.obj['type'] !== 'adjustment'), Infinity);
  const counts = childCounts({ small: [0, 8], big: [11, 15], bigShare: 0.1 }, payouts.length, rng);
  let next = 0;
  payouts.forEach((payout, i) => {
    const list = store.childList('payout_balance_transactions', payout.id, true);
    for (let k = 0; k < (counts[i] ?? 0) && next < pool.length; k++) list.push(pool[next++] as Entry);
    list.sortAll();
  });
}
