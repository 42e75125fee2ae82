/**
 * Random faults, as a `failures` knob: what a real network and a busy Stripe do to some requests. Errors are
 * Stripe's own (api_error 5xx with `Stripe-Should-Retry: true`, as Stripe marks what is safe to retry; 429
 * rate_limit, some with Retry-After); drops are a connection reset before the answer, or an answer whose body
 * stops halfway; slow answers take longer than the client waits.
 */
import { errors, type FakeResponse } from './errors';
import type { FailureFn } from './knobs';
import { Rng } from './random';

export interface FaultMix {
  /** Share of requests answered 500, 502, 503 or 429 (equal parts). */
  errorRate: number;
  /** Share of requests dropped: half reset before the answer, half cut off in the middle of the body. */
  dropRate: number;
  /** Share of requests answered only after `slowMs` (to outlast the client's request_timeout). */
  slowRate?: number;
  slowMs?: number;
  seed?: number;
}

export function randomFaults(mix: FaultMix): FailureFn {
  const rng = new Rng(mix.seed ?? 1);
  return () => {
    const roll = rng.float();
    if (roll < mix.errorRate) return randomError(rng);
    if (roll < mix.errorRate + mix.dropRate / 2) return 'reset';
    if (roll < mix.errorRate + mix.dropRate) return { status: 200, body: { object: 'list', data: [], has_more: false }, truncate: true };
    if (roll < mix.errorRate + mix.dropRate + (mix.slowRate ?? 0)) return { ...errors.apiError(503), delayMs: mix.slowMs ?? 2000 };
    return undefined;
  };
}

function randomError(rng: Rng): FakeResponse {
  const status = [500, 502, 503, 429][rng.int(0, 3)]!;
  if (status === 429) {
    const limited = errors.rateLimited();
    return rng.chance(0.5) ? { ...limited, headers: { 'Retry-After': '1' } } : limited;
  }
  return { ...errors.apiError(status), headers: { 'Stripe-Should-Retry': 'true' } };
}
