/**
 * Stripe's example objects (`openapi/fixtures3.json`, MIT, see FIXTURES-LICENSE.md), keyed by resource name.
 * They are deep-frozen: generated objects are shallow copies that share the fixtures' nested values.
 */
import fixturesJson from './fixtures3.json';
import { conformToSchema } from '../engine/transform';
import { streamSchema } from '../schemas';
import { STREAMS } from '../streams';
import type { JsonObject } from '../streams/types';

const resources = (fixturesJson as unknown as { resources: Record<string, JsonObject> }).resources;

/**
 * Stripe's fixtures show some expandable fields expanded (e.g. a subscription item's discounts). A list
 * request without `expand[]` returns ids there, so the fake does too (timestamps stay unix seconds).
 */
for (const def of STREAMS) {
  const obj = resources[def.resource];
  if (obj) resources[def.resource] = conformToSchema(obj, streamSchema(def.name), false) as JsonObject;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

deepFreeze(resources);

export function hasFixture(resource: string): boolean {
  return Object.prototype.hasOwnProperty.call(resources, resource);
}

/** The frozen example object of a resource (e.g. `charge`, `issuing.card`). */
export function fixture(resource: string): Readonly<JsonObject> {
  const obj = resources[resource];
  if (!obj) throw new Error(`no Stripe fixture for resource ${resource}`);
  return obj;
}

/** Id prefixes where the fixture's id is not a good model. */
const PREFIX_OVERRIDES: Record<string, string> = {
  line_item: 'il_',
  coupon: '',
  setup_attempt: 'setatt_',
  tax_code: 'txcd_',
  capability: '',
  payment_source: 'card_',
};

/** The id prefix of a resource's objects (`ch_` for charges, `cs_test_` for checkout sessions …). */
export function idPrefix(resource: string): string {
  const override = PREFIX_OVERRIDES[resource];
  if (override !== undefined) return override;
  const id = hasFixture(resource) ? fixture(resource)['id'] : undefined;
  if (typeof id !== 'string' || !id.includes('_')) return '';
  return id.slice(0, id.lastIndexOf('_') + 1);
}
