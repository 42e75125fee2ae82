/**
 * Events (`/v1/events`): what changed, each carrying a copy of the object as it was at that moment.
 *
 * Stripe's behaviour, from the OpenAPI spec for 2024-04-10:
 * - `GET /v1/events`: "List events, going back up to 30 days. Each event data is rendered according to Stripe API
 *   version at its creation time, specified in event object `api_version` attribute (not according to your
 *   current Stripe API version or `Stripe-Version` header)".
 * - `previous_attributes`: "the names of the updated attributes and their values prior to the event (only
 *   included in events of type `*.updated`). If an array attribute has any updated elements, this object
 *   contains the entire array."
 * The event types per stream are the fake's own (`stripe-events.ts`), not the tap's map.
 */
import { STREAMS } from '../streams';
import { STRIPE_WRITES } from './stripe-events';
import type { JsonObject, TopStreamDef } from '../streams/types';
import type { Factory } from './factory';

/** The API version the fake serves objects at (the one the tap pins). */
export const SERVED_API_VERSION = '2024-04-10';
/** Stripe keeps events for 30 days (spec: "going back up to 30 days"). */
export const EVENT_RETENTION_SECONDS = 30 * 86_400;

/** The event types Stripe writes for an object of the stream when it is created or changed. */
export function eventTypes(stream: string): string[] {
  const writes = STRIPE_WRITES[stream] ?? {};
  return [writes.created, writes.updated].filter((t): t is string => t !== undefined);
}

/** The event type Stripe writes for a change, or undefined where it writes none. */
export function changeEventType(stream: string, change: 'created' | 'updated' | 'deleted'): string | undefined {
  return STRIPE_WRITES[stream]?.[change];
}

/**
 * An object as an event renders it at another API version than the one the fake serves: the fake stands for
 * "some older version" by leaving out `metadata` and adding a field that version had, so that a record
 * built from such a payload differs from the object retrieved at the pinned version.
 */
export function renderAtVersion(object: JsonObject, apiVersion: string): JsonObject {
  if (apiVersion === SERVED_API_VERSION) return object;
  const { metadata: _dropped, ...rest } = object;
  return { ...rest, legacy_api_field: `rendered at ${apiVersion}` };
}

export interface EventOptions {
  apiVersion?: string;
  previous?: JsonObject;
  /** The connected account an event comes from (Connect). */
  account?: string;
}

export function makeEvent(f: Factory, type: string, object: JsonObject, created: number, opts: EventOptions = {}): JsonObject {
  const apiVersion = opts.apiVersion ?? SERVED_API_VERSION;
  const data: JsonObject = { object: renderAtVersion(structuredClone(object), apiVersion) };
  if (type.endsWith('.updated')) data['previous_attributes'] = opts.previous ?? { metadata: {} };
  return f.clone('event', {
    id: f.newId('event'), api_version: apiVersion, created, type, data, pending_webhooks: 0,
    request: { id: `req_${f.rng.alnum(14)}`, idempotency_key: null },
    ...(opts.account ? { account: opts.account } : {}),
  });
}

/** Streams that events are generated for at build time: top list streams with change events. */
export function eventSources(): TopStreamDef[] {
  return STREAMS.filter((s): s is TopStreamDef => s.kind === 'top' && s.replication !== 'snapshot' && eventTypes(s.name).length > 0);
}
