/**
 * Radar reviews as Stripe keeps them: each about a charge (and its payment intent, when it has one), opened
 * after the charge, most of them closed since; the list endpoint shows only the open ones.
 */
import type { JsonObject, TopStreamDef } from '../streams/types';
import type { Entry } from './collection';
import type { Rng } from './random';
import type { Store } from './store';

/** `review.closed_reason` values (spec 2024-04-10). */
const CLOSED_REASONS = ['approved', 'disputed', 'redacted', 'refunded', 'refunded_as_fraud'];

/** Links every review to its own charge, and closes about two in three of them. */
export function linkReviews(store: Store, rng: Rng): void {
  const charges = rng.sample(store.top('charges').list.entries, Infinity);
  store.top('reviews').list.entries.forEach((review, i) => {
    const charge = charges[i % Math.max(1, charges.length)];
    if (!charge) return;
    const created = Math.min(store.latestCreated, charge.created + rng.int(60, 3 * 86400));
    review.created = created;
    const open = i % 3 === 0;
    const closed = rng.pick(CLOSED_REASONS);
    const pi = typeof charge.obj['payment_intent'] === 'string' ? charge.obj['payment_intent'] : null;
    Object.assign(review.obj, {
      created, charge: charge.id, payment_intent: pi, open, closed_reason: open ? null : closed, reason: open ? 'rule' : closed,
    });
    charge.obj['review'] = review.id;
    const intent = pi ? store.entry('payment_intents', pi) : undefined;
    if (intent) intent.obj['review'] = review.id;
  });
}

/**
 * GET /v1/reviews "returns a list of Review objects that have open set to true" (spec 2024-04-10); a review
 * is still retrieved by id once closed.
 */
export function reviewListFilter(def: TopStreamDef): ((e: Entry) => boolean) | undefined {
  return def.path === '/v1/reviews' ? (e) => e.obj['open'] === true : undefined;
}

/** Fields that name another stream's object and that `expand[]` replaces by it: stream → field → stream. */
export const EXPANDABLE_REFERENCES: Record<string, Record<string, string>> = {
  charges: { review: 'reviews' },
  payment_intents: { review: 'reviews' },
};

/** The object a reference field names, for `expand[]` (undefined: leave the id). */
export function expandReference(store: Store, stream: string, field: string, value: unknown): JsonObject | undefined {
  const target = EXPANDABLE_REFERENCES[stream]?.[field];
  return target && typeof value === 'string' ? store.entry(target, value)?.obj : undefined;
}
