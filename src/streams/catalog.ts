import type { StreamDef } from './types';

/** What is sold and at what price: products, prices, plans, coupons, taxes, shipping. */
export const catalogStreams: StreamDef[] = [
  {
    kind: 'top', name: 'products', description: 'Products.',
    path: '/v1/products', resource: 'product', keyProperties: ['id'], replication: 'created',
  },
  {
    kind: 'top', name: 'prices', description: 'Prices of products.',
    path: '/v1/prices', resource: 'price', keyProperties: ['id'], replication: 'created',
    expand: ['data.tiers', 'data.currency_options'], // includable: returned only when asked for
  },
  {
    kind: 'top', name: 'plans', description: 'Plans (the older form of recurring prices), with their tiers.',
    path: '/v1/plans', resource: 'plan', keyProperties: ['id'], replication: 'created', expand: ['data.tiers'],
  },
  {
    kind: 'child', name: 'tiers', description: 'Pricing tiers of a tiered plan (one row per tier).',
    parent: 'plans', parentKey: 'plan', indexKey: 'index', resource: 'plan_tier', keyProperties: ['plan', 'index'],
    source: { kind: 'array', field: 'tiers' },
  },
  {
    kind: 'top', name: 'coupons', description: 'Coupons.',
    path: '/v1/coupons', resource: 'coupon', keyProperties: ['id'], replication: 'created',
    expand: ['data.applies_to', 'data.currency_options'], // includable: returned only when asked for
  },
  {
    kind: 'top', name: 'promotion_codes', description: 'Customer-facing codes for coupons.',
    path: '/v1/promotion_codes', resource: 'promotion_code', keyProperties: ['id'], replication: 'created',
  },
  {
    kind: 'top', name: 'tax_rates', description: 'Tax rates.',
    path: '/v1/tax_rates', resource: 'tax_rate', keyProperties: ['id'], replication: 'created',
  },
  {
    kind: 'top', name: 'tax_codes', description: 'Product tax codes published by Stripe Tax.',
    path: '/v1/tax_codes', resource: 'tax_code', keyProperties: ['id'], replication: 'full',
  },
  {
    kind: 'top', name: 'shipping_rates', description: 'Shipping rates (read whole every run: they change without an event).',
    path: '/v1/shipping_rates', resource: 'shipping_rate', keyProperties: ['id'], replication: 'full',
  },
];
