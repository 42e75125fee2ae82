/**
 * Includable fields: "Some available fields aren't included in the responses by default … You can request
 * these fields as an expanded response by using the expand request parameter"
 * (docs.stripe.com/api/expanding_objects). The fake keeps them beside each object and adds them to a
 * response only when `expand[]` names them (`data.tiers` on a list, `tiers` on a retrieve).
 */
import type { JsonObject } from '../streams/types';
import type { Entry } from './collection';
import type { Factory } from './factory';
import type { Store } from './store';

type Make = (f: Factory, entry: Entry, store: Store) => JsonObject;

function tiers(f: Factory): JsonObject[] {
  let upTo = 0;
  const count = f.rng.int(2, 4);
  return Array.from({ length: count }, (_, i) => {
    upTo += f.rng.int(5, 100);
    const unit = f.rng.int(50, 2000);
    const flat = f.rng.chance(0.3) ? f.rng.int(0, 5000) : null;
    return {
      flat_amount: flat, flat_amount_decimal: flat === null ? null : String(flat), unit_amount: unit,
      unit_amount_decimal: String(unit), up_to: i === count - 1 ? null : upTo,
    };
  });
}

/** Per stream: how the object's includable fields are made (its stored object is changed where they imply it). */
const MAKERS: Record<string, Make> = {
  prices: (f, entry) => {
    const own = String(entry.obj['currency'] ?? 'usd');
    const option = (amount: number): JsonObject => ({ custom_unit_amount: null, tax_behavior: 'unspecified', unit_amount: amount, unit_amount_decimal: String(amount) });
    const out: JsonObject = { currency_options: { [own]: option(Number(entry.obj['unit_amount'] ?? 1000)), ...(f.rng.chance(0.4) ? { eur: option(f.rng.int(100, 90000)) } : {}) } };
    if (f.rng.chance(0.3)) {
      Object.assign(entry.obj, { billing_scheme: 'tiered', tiers_mode: f.rng.pick(['graduated', 'volume']), unit_amount: null, unit_amount_decimal: null });
      out['tiers'] = tiers(f);
    }
    return out;
  },
  coupons: (f, _entry, store) => {
    const products = store.ids('products');
    return f.rng.chance(0.5) && products.length > 0 ? { applies_to: { products: [f.rng.pick(products)] } } : {};
  },
  customers: (f) => ({
    tax: { automatic_tax: f.rng.pick(['supported', 'supported', 'unrecognized_location', 'not_collecting']), ip_address: null, location: { country: 'US', source: 'billing_address', state: f.rng.pick(['CA', 'NY', 'TX']) } },
  }),
  treasury_financial_accounts: () => ({
    features: { object: 'treasury.financial_account_features', card_issuing: { requested: true, status: 'active', status_details: [] } },
  }),
  issuing_tokens: (f) => ({
    network_data: { type: 'visa', visa: { card_reference_id: `V-${f.rng.alnum(12)}`, token_reference_id: `DNITHE${f.rng.alnum(10)}`, token_requestor_id: '40010075001', token_risk_score: null } },
  }),
  checkout_session_line_items: (f, entry) => (f.rng.chance(0.3)
    ? { discounts: [{ amount: f.rng.int(10, 500), discount: f.clone('discount', { id: f.newId('discount'), coupon: f.clone('coupon', {}), start: entry.created, end: null }) }], taxes: [] }
    : { discounts: [], taxes: [] }),
};

/** Makes and keeps an object's includable fields, if its stream has any. */
export function addIncludables(store: Store, f: Factory, stream: string, entry: Entry): void {
  const make = MAKERS[stream];
  if (make) store.includables.set(entry.id, make(f, entry, store));
}

/** The object with the includable fields `expand` names (without `data.`). */
export function withIncludables(store: Store, obj: JsonObject, expand: ReadonlySet<string>): JsonObject {
  const fields = typeof obj['id'] === 'string' ? store.includables.get(obj['id']) : undefined;
  if (!fields || expand.size === 0) return obj;
  const asked = Object.entries(fields).filter(([k]) => expand.has(k));
  return asked.length > 0 ? { ...obj, ...Object.fromEntries(asked) } : obj;
}
