import { RetriableApiError } from '../errors';

export interface RetryPolicy {
  maxRetries: number;
  /** First backoff step; doubles each attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * The retry decision, pure: milliseconds to wait before the next attempt, or null to give up.
 * `attempt` counts the retries already made (0 for the first failure). Only RetriableApiError is retried,
 * and never when Stripe said `Stripe-Should-Retry: false`. Backoff is exponential with "equal jitter"
 * (half fixed, half random), and never shorter than a Retry-After header.
 */
export function retryDelay(error: unknown, attempt: number, policy: RetryPolicy, random: () => number = Math.random): number | null {
  if (!(error instanceof RetriableApiError)) return null;
  if (error.shouldRetry === false) return null;
  if (attempt >= policy.maxRetries) return null;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const delay = ceiling / 2 + random() * (ceiling / 2);
  const floor = (error.retryAfterSeconds ?? 0) * 1000;
  return Math.round(Math.max(delay, floor));
}
