/**
 * Test clocks: objects created in a clock's simulated time, and Stripe's rule that customers, subscriptions
 * and quotes attached to a test clock are left out of their lists unless `test_clock=` is given.
 */
import { findStream } from '../streams';
import type { TopStreamDef } from '../streams/types';
import type { Entry } from './collection';
import { errors, type FakeResponse } from './errors';
import type { Factory } from './factory';
import { decorate } from './populate';
import { scalar, type QueryParam } from './query';
import type { Store } from './store';

/**
 * The lists that hide test-clock objects, and whether a `customer=` filter shows them too (spec 2024-04-10,
 * the `test_clock` list parameter: customers "will not include customers with test clocks if this parameter
 * is not set"; subscriptions and quotes "if this and the customer parameter is not set").
 */
const HIDING: Record<string, { customerShows: boolean }> = {
  '/v1/customers': { customerShows: false },
  '/v1/subscriptions': { customerShows: true },
  '/v1/quotes': { customerShows: true },
};

export const TEST_CLOCK_LISTS = Object.keys(HIDING);

/** The test-clock part of a list's filter: only one clock's objects, or none of any clock. */
export function testClockFilter(def: TopStreamDef, params: readonly QueryParam[]): ((e: Entry) => boolean) | undefined {
  const rule = HIDING[def.path];
  if (!rule) return undefined;
  const clock = scalar(params, 'test_clock');
  if (clock !== undefined) return (e) => e.obj['test_clock'] === clock;
  if (rule.customerShows && scalar(params, 'customer') !== undefined) return undefined;
  return (e) => typeof e.obj['test_clock'] !== 'string';
}

/**
 * Test helpers exist in test mode only ("A test clock enables deterministic control over objects in
 * testmode", spec 2024-04-10). The fake refuses them to a live key; the wording is the fake's own.
 */
export function liveModeRefusal(path: string, key: string): FakeResponse | undefined {
  if (!path.startsWith('/v1/test_helpers/') || !/^(sk|rk)_live_/.test(key)) return undefined;
  return errors.testModeOnly(path);
}

/**
 * A few customers per clock, with subscriptions and quotes, created at the clock's frozen time, which is
 * sometimes ahead of the real now ("you can create objects at a frozen time in the past or future", spec).
 */
export function addTestClockObjects(store: Store, f: Factory): void {
  const clocks = store.top('test_clocks').list.entries;
  clocks.forEach((clock, i) => {
    const frozen = i % 2 === 1 ? store.nowSec + f.rng.int(7, 90) * 86400 : clock.created + f.rng.int(0, 86400 * 30);
    Object.assign(clock.obj, { frozen_time: frozen, deletes_after: clock.created + 30 * 86400, status: 'ready', name: `Clock ${i + 1}` });
    const customers = f.rng.int(1, 3);
    for (let c = 0; c < customers; c++) {
      const customer = add(store, f, 'customers', frozen - c * 3600, { test_clock: clock.id });
      for (let s = f.rng.int(0, 2); s > 0; s--) add(store, f, 'subscriptions', frozen - s * 60, { test_clock: clock.id, customer: customer.id });
      if (f.rng.chance(0.5)) add(store, f, 'quotes', frozen - 30, { test_clock: clock.id, customer: customer.id });
    }
  });
}

function add(store: Store, f: Factory, stream: string, created: number, fields: Record<string, unknown>): Entry {
  const def = findStream(stream) as TopStreamDef;
  const obj = { ...f.top(def, created, (s) => store.ids(s), store.ids(stream).length + 1), ...fields };
  const entry: Entry = { id: obj['id'] as string, created, obj };
  store.addTop(stream, entry, true);
  decorate(store, f, stream, entry, true);
  return entry;
}
