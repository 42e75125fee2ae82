/**
 * Events (`/v1/events`): what changed in the last days, each carrying a copy of the object.
 */
import { STREAMS } from '../streams';
import type { JsonObject, TopStreamDef } from '../streams/types';
import type { Factory } from './factory';

/** Event types Stripe sends for a stream prefix (where `<prefix>created/updated` is not the whole story). */
const PREFIX_TYPES: Record<string, string[]> = {
  'charge.': ['charge.succeeded', 'charge.updated', 'charge.captured'],
  'charge.dispute.': ['charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed'],
  'invoice.': ['invoice.created', 'invoice.finalized', 'invoice.paid', 'invoice.updated'],
  'payout.': ['payout.created', 'payout.paid', 'payout.updated'],
  'review.': ['review.opened', 'review.closed'],
  'checkout.session.': ['checkout.session.completed', 'checkout.session.expired'],
  'payment_intent.': ['payment_intent.created', 'payment_intent.succeeded'],
  'setup_intent.': ['setup_intent.created', 'setup_intent.succeeded'],
};

/** The event types an object of the stream can appear in (deletions excluded). */
export function eventTypes(def: TopStreamDef): string[] {
  const changes = def.changes;
  if (!changes) return [];
  const deleted = new Set(changes.deleted ?? []);
  return changes.events.flatMap((e) => {
    if (!e.endsWith('.')) return deleted.has(e) ? [] : [e];
    return PREFIX_TYPES[e] ?? [`${e}created`, `${e}updated`];
  });
}

/** The event type for a change made through the dataset API. */
export function changeEventType(def: TopStreamDef, change: 'created' | 'updated' | 'deleted'): string {
  const changes = def.changes;
  if (change === 'deleted' && changes?.deleted?.[0]) return changes.deleted[0];
  const exact = changes?.events.find((e) => e.endsWith(`.${change}`));
  if (exact) return exact;
  const prefix = changes?.events.find((e) => e.endsWith('.'));
  if (prefix) return `${prefix}${change}`;
  return `${def.resource}.${change}`;
}

export function makeEvent(f: Factory, type: string, object: JsonObject, created: number): JsonObject {
  const data: JsonObject = { object };
  if (type.endsWith('.updated')) data['previous_attributes'] = { metadata: { fake_version: '1' } };
  return f.clone('event', {
    id: f.newId('event'), api_version: '2024-04-10', created, type, data, pending_webhooks: 0,
    request: { id: `req_${f.rng.alnum(14)}`, idempotency_key: null },
  });
}

/** Streams that events are generated for: top list streams with change events. */
export function eventSources(): TopStreamDef[] {
  return STREAMS.filter((s): s is TopStreamDef => s.kind === 'top' && s.replication !== 'snapshot' && !!s.changes && eventTypes(s).length > 0);
}
