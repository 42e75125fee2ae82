/**
 * The fewest requests Stripe's API allows for reading customers with their payment methods, sources, tax ids
 * and balance transactions, counted from the fake's own data (its ground truth):
 * - the customers list, 100 a page, expanding `data.sources` and `data.tax_ids` (Stripe embeds up to 10 of
 *   each); in test mode also the test clocks list and, per clock, the list of its customers (Stripe leaves
 *   them out of the plain list);
 * - per customer, its payment methods and its balance transactions (endpoints of their own, 100 a page,
 *   one request even when empty: nothing in a customer says it has none);
 * - per customer with more than 10 sources or tax ids, the pages after the embedded ones.
 */
import type { Dataset } from '../src/fake';

export interface Minimum {
  total: number;
  parts: Record<string, number>;
}

const pages = (n: number, atLeastOne: boolean): number => Math.max(atLeastOne ? 1 : 0, Math.ceil(n / 100));

export function customerFamilyMinimum(ds: Dataset): Minimum {
  const customers = ds.store.top('customers').list.entries;
  const clocks = new Map<string, number>();
  let plain = 0;
  for (const c of customers) {
    const clock = c.obj['test_clock'];
    if (typeof clock === 'string') clocks.set(clock, (clocks.get(clock) ?? 0) + 1);
    else plain += 1;
  }
  const parts = {
    customer_lists: pages(plain, true) + (ds.store.top('test_clocks').list.size > 0 ? 1 : 0)
      + [...clocks.values()].reduce((n, k) => n + pages(k, true), 0),
    payment_methods: 0,
    customer_balance_transactions: 0,
    customer_sources: 0,
    tax_ids: 0,
  };
  for (const c of customers) {
    const count = (stream: string): number => ds.children(stream, c.id).length;
    parts.payment_methods += pages(count('payment_methods'), true);
    parts.customer_balance_transactions += pages(count('customer_balance_transactions'), true);
    parts.customer_sources += pages(Math.max(0, count('customer_sources') - 10), false);
    parts.tax_ids += pages(Math.max(0, count('tax_ids') - 10), false);
  }
  return { total: Object.values(parts).reduce((a, b) => a + b, 0), parts };
}
