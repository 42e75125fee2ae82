/**
 * Hand-made objects of Stripe's removed Orders, Order Returns and SKUs APIs (no fixtures exist for them).
 * Shapes follow the last documented versions of those APIs.
 */
import type { JsonObject } from '../streams/types';
import type { Factory, Pools } from './factory';

function orderItems(factory: Factory, skus: readonly string[], count: number): JsonObject[] {
  const items: JsonObject[] = [];
  for (let i = 0; i < count; i++) {
    const quantity = factory.rng.int(1, 4);
    items.push({
      object: 'order_item', amount: quantity * factory.rng.int(500, 9000), currency: 'usd',
      description: `Item ${i + 1}`, parent: skus.length ? factory.rng.pick(skus) : null, quantity, type: 'sku',
    });
  }
  if (factory.rng.chance(0.5)) {
    items.push({ object: 'order_item', amount: factory.rng.int(50, 900), currency: 'usd', description: 'Taxes (included)', parent: null, quantity: null, type: 'tax' });
  }
  items.push({ object: 'order_item', amount: 0, currency: 'usd', description: 'Free shipping', parent: 'ship_free-shipping', quantity: null, type: 'shipping' });
  return items;
}

function sum(items: JsonObject[]): number {
  return items.reduce((total, item) => total + (typeof item['amount'] === 'number' ? item['amount'] : 0), 0);
}

export function legacyObject(resource: string, factory: Factory, created: number, pools: Pools): JsonObject {
  const { rng } = factory;
  const pick = (stream: string): string | null => {
    const ids = pools(stream);
    return ids.length ? rng.pick(ids) : null;
  };
  switch (resource) {
    case 'legacy.order': {
      const items = orderItems(factory, pools('skus'), rng.int(1, 5));
      const status = rng.pick(['created', 'paid', 'paid', 'fulfilled', 'fulfilled', 'canceled', 'returned']);
      const id = factory.newId(resource, 'or_');
      return {
        id, object: 'order', amount: sum(items), amount_returned: status === 'returned' ? sum(items) : null,
        application: null, application_fee: null, charge: status === 'created' ? null : pick('charges'), created,
        currency: 'usd', customer: pick('customers'), email: null, external_coupon_code: null, items, livemode: false,
        metadata: {}, returns: { object: 'list', data: [], has_more: false, total_count: 0, url: `/v1/order_returns?order=${id}` },
        selected_shipping_method: 'ship_free-shipping', shipping: null, shipping_methods: null, status,
        status_transitions: { canceled: null, fulfiled: null, paid: status === 'created' ? null : created + 60, returned: null },
        updated: created + 120, upstream_id: null,
      };
    }
    case 'legacy.order_return': {
      const items = orderItems(factory, pools('skus'), rng.int(1, 2));
      return {
        id: factory.newId(resource, 'orret_'), object: 'order_return', amount: sum(items), created, currency: 'usd',
        items, livemode: false, order: pick('orders'), refund: null,
      };
    }
    case 'legacy.sku':
      return {
        id: factory.newId(resource, 'sku_'), object: 'sku', active: rng.chance(0.85), attributes: { size: rng.pick(['S', 'M', 'L', 'XL']) },
        created, currency: 'usd', image: null,
        inventory: { quantity: rng.int(0, 500), type: 'finite', value: null }, livemode: false, metadata: {},
        package_dimensions: null, price: rng.int(500, 9000), product: pick('products'), updated: created + 60,
      };
    default:
      throw new Error(`no hand-made objects for ${resource}`);
  }
}
