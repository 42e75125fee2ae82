import { FatalApiError, RetriableApiError } from '../src/errors';
import { retryDelay } from '../src/stripe/retry';

const policy = { maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 5000 };

describe('retry decision', () => {
  it('backs off exponentially with jitter between half and all of the step', () => {
    const error = new RetriableApiError('429');
    expect(retryDelay(error, 0, policy, () => 0)).toBe(500);
    expect(retryDelay(error, 0, policy, () => 1)).toBe(1000);
    expect(retryDelay(error, 2, policy, () => 0)).toBe(2000);
  });

  it('caps the step at maxDelayMs', () => {
    expect(retryDelay(new RetriableApiError('x'), 2, { ...policy, maxDelayMs: 3000 }, () => 1)).toBe(3000);
  });

  it('gives up after maxRetries', () => {
    expect(retryDelay(new RetriableApiError('x'), 3, policy)).toBeNull();
  });

  it('honours Stripe-Should-Retry: false', () => {
    expect(retryDelay(new RetriableApiError('x', { shouldRetry: false }), 0, policy)).toBeNull();
  });

  it('waits at least Retry-After', () => {
    expect(retryDelay(new RetriableApiError('x', { retryAfterSeconds: 4 }), 0, policy, () => 0)).toBe(4000);
  });

  it('never retries other errors', () => {
    expect(retryDelay(new FatalApiError('404'), 0, policy)).toBeNull();
    expect(retryDelay(new Error('bug'), 0, policy)).toBeNull();
  });
});
