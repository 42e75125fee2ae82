import type { StreamDef } from './types';

/**
 * The seed's Orders tables. Stripe removed the legacy Orders, Returns and SKUs APIs for most accounts:
 * where they still answer the streams read them; elsewhere a 404 ends each stream with one warning.
 */
const orders = { replacement: 'checkout_sessions and checkout_session_line_items' };
const skus = { replacement: 'prices and products' };

export const legacyStreams: StreamDef[] = [
  {
    kind: 'top', name: 'orders', description: 'Legacy Orders API orders (removed by Stripe; kept for accounts that still have it).',
    path: '/v1/orders', resource: 'legacy.order', keyProperties: ['id'], replication: 'created', legacy: orders,
  },
  {
    kind: 'child', name: 'order_items', description: 'Items of a legacy order (one row per item).',
    parent: 'orders', parentKey: 'order', indexKey: 'index', resource: 'legacy.order_item', keyProperties: ['order', 'index'],
    source: { kind: 'array', field: 'items' }, legacy: orders,
  },
  {
    kind: 'top', name: 'returns', description: 'Returns of legacy orders.',
    path: '/v1/order_returns', resource: 'legacy.order_return', keyProperties: ['id'], replication: 'created', legacy: orders,
  },
  {
    kind: 'child', name: 'return_order_items', description: 'Items of a legacy order return (one row per item).',
    parent: 'returns', parentKey: 'order_return', indexKey: 'index', resource: 'legacy.order_item',
    keyProperties: ['order_return', 'index'], source: { kind: 'array', field: 'items' }, legacy: orders,
  },
  {
    kind: 'top', name: 'skus', description: 'Legacy SKUs (inventory units of products).',
    path: '/v1/skus', resource: 'legacy.sku', keyProperties: ['id'], replication: 'created', legacy: skus,
  },
];
