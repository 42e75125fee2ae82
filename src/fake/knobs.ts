/**
 * The fake Stripe API's behaviour knobs (auth, permissions, products, latency, rate limit, failures) and helpers.
 */
import { errors, stripeError, type FakeResponse } from './errors';

export const DEFAULT_API_KEY = 'sk_test_fake_tap_stripe';

export interface FailureRequest {
  /** Request number (as in `Request-Id: req_fake_<n>`). */
  n: number;
  method: string;
  path: string;
  query: URLSearchParams;
}

/** Every `every`-th matching request (default: each) fails with `status` (default 500), at most `times` times. */
export interface FailureSpec {
  every?: number;
  status?: number;
  times?: number;
  /** Only requests whose path is one of these or below one of them (default: all). */
  paths?: string[];
  headers?: Record<string, string>;
  body?: unknown;
}

/** A response to send instead of the real one, `'reset'` to drop the connection, or undefined to go on. */
export type FailureFn = (req: FailureRequest) => FakeResponse | 'reset' | undefined;

export interface FakeStripeKnobs {
  /** The key requests must carry (default `sk_test_fake_tap_stripe`). */
  apiKey: string;
  /** Keys that were rolled or revoked: 401 `api_key_expired` (default none). */
  expiredKeys: string[];
  /** Paths (and everything below them) the key may not read: 403 naming the missing permission. */
  restrictedPaths: string[];
  /** Stream `feature`s not enabled on the account (e.g. `Issuing`): their lists answer 400. Default none. */
  disabledFeatures: string[];
  /** Whether `/v1/orders`, `/v1/order_returns`, `/v1/skus` answer (default false: 404 like Stripe today). */
  legacyAvailable: boolean;
  /** Delay before each answer, fixed or a random [min, max] range (default 0). */
  latencyMs: number | [number, number];
  /** At most this many requests per rolling second; more answer 429. */
  rateLimit?: { perSecond: number };
  failures?: FailureSpec | FailureFn;
  /** Reject undeclared query parameters (400 `parameter_unknown`), as Stripe does (default true). */
  strictParams: boolean;
  /** The API version event payloads are rendered at: the account's default version (default the pinned 2024-04-10). */
  eventApiVersion: string;
  /** Seconds before a new event is listed by `GET /v1/events` (eventual consistency; default 0). */
  eventDelaySeconds: number;
}

/** The API key a request carries: `Authorization: Bearer <key>`, or Basic auth with the key as user. */
export function readKey(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const bearer = /^Bearer\s+(.+)$/i.exec(header);
  if (bearer?.[1]) return bearer[1].trim();
  const basic = /^Basic\s+(.+)$/i.exec(header);
  if (basic?.[1]) return Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0];
  return undefined;
}

/** Whether a path is one of the prefixes or below one; a `{id}` segment in a prefix matches any one segment. */
export const underPath = (path: string, prefixes: readonly string[]): boolean =>
  prefixes.some((p) => {
    const pattern = p.replace(/\/$/, '').split('/').map((seg) => (seg === '{id}' ? '[^/]+' : seg.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('/');
    return new RegExp(`^${pattern}(/|$)`).test(path);
  });

export function failureResponse(spec: FailureSpec): FakeResponse {
  const status = spec.status ?? 500;
  const base = status === 429 ? errors.rateLimited() : status >= 500 ? errors.apiError(status) : stripeError(status, { message: 'Injected failure.' });
  const headers = { ...(status >= 500 ? { 'Stripe-Should-Retry': 'true' } : {}), ...spec.headers };
  return { status, body: spec.body ?? base.body, headers };
}
