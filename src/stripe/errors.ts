import {
  AuthError, FatalApiError, NotStripeError, PermissionError, RetriableApiError, type ErrorContext, type TapError,
} from '../errors';
import { scrub } from '../log';
import type { BodyInfo } from './http';

/** The fields of a stripe-node error (or a network error) this module reads. */
interface StripeLikeError {
  type?: string;
  message?: string;
  statusCode?: number;
  requestId?: string;
  code?: string;
  param?: string;
  headers?: Record<string, string | undefined>;
  raw?: { exception?: Partial<BodyInfo> };
}

/** Stripe's answer when a Stripe-Account header names an account the key cannot reach (docs.stripe.com/error-codes#account-invalid). */
const ACCOUNT_REFUSED = /does not have access to account|account_invalid/i;

/** What the status-keeping HTTP client (http.ts) learnt about a body that was not JSON. */
function notJson(error: StripeLikeError): BodyInfo | undefined {
  const info = error.raw?.exception;
  return typeof info?.httpStatus === 'number' ? info as BodyInfo : undefined;
}

function header(error: StripeLikeError, name: string): string | undefined {
  const headers = error.headers ?? {};
  return headers[name] ?? headers[name.toLowerCase()];
}

/**
 * Turns whatever stripe-node threw into the tap's error hierarchy. Messages never carry the key:
 * Stripe's own texts are scrubbed, and a 401 says only what to do.
 */
export function toTapError(raw: unknown, context: { stream?: string; path: string }): TapError {
  const error = (typeof raw === 'object' && raw !== null ? raw : { message: String(raw) }) as StripeLikeError;
  const status = error.statusCode;
  const ctx: ErrorContext = { status };
  if (context.stream !== undefined) ctx.stream = context.stream;
  if (error.requestId !== undefined) ctx.requestId = error.requestId;
  if (typeof error.code === 'string') ctx.code = error.code;
  if (typeof error.param === 'string') ctx.param = error.param;
  const what = `GET ${context.path.split('?')[0]}`;
  const stripeMessage = scrub(error.message ?? 'unknown error');

  const body = notJson(error);
  if (body) {
    ctx.status = body.httpStatus;
    const kind = body.html || /html/i.test(body.contentType ?? '') ? 'an HTML page'
      : `${body.bytes} bytes of ${body.contentType ?? 'no content type'}`;
    const message = `${what}: HTTP ${body.httpStatus}: answered with ${kind} instead of Stripe's JSON`;
    if (body.httpStatus >= 500 || body.httpStatus === 429) return new RetriableApiError(message, ctx);
    return new NotStripeError(`${message}; is api_base the Stripe API (or a proxy to it)?`, ctx);
  }
  if ((status === 401 || status === 403) && (error.code === 'account_invalid' || ACCOUNT_REFUSED.test(error.message ?? ''))) {
    return new AuthError(`${what}: Stripe refused the connected account (HTTP ${status}${error.code ? `, ${error.code}` : ''}): ${stripeMessage}`, ctx);
  }
  if (status === 401 || error.type === 'StripeAuthenticationError') {
    if (error.code === 'api_key_expired') {
      return new AuthError('Stripe rejected the API key (401 Unauthorized, api_key_expired): the key has expired or was revoked; roll a new one in the Stripe Dashboard and set it as api_key', ctx);
    }
    return new AuthError('Stripe rejected the API key (401 Unauthorized): check api_key (a secret or restricted key of the right mode)', ctx);
  }
  if (status === 403 || error.type === 'StripePermissionError') {
    return new PermissionError(`${what}: permission denied (403): ${stripeMessage}`, ctx);
  }
  const shouldRetryHeader = header(error, 'Stripe-Should-Retry');
  const retryAfter = Number(header(error, 'Retry-After'));
  const retriable = status === undefined || status === 429 || status === 409 || status >= 500
    || error.type === 'StripeConnectionError' || error.type === 'StripeRateLimitError';
  if (retriable || shouldRetryHeader === 'true') {
    const label = status === undefined ? 'network error' : `HTTP ${status}`;
    return new RetriableApiError(`${what}: ${label}: ${stripeMessage}`, {
      ...ctx,
      ...(shouldRetryHeader === undefined ? {} : { shouldRetry: shouldRetryHeader === 'true' }),
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
    });
  }
  const code = error.code ? ` (${error.code})` : '';
  return new FatalApiError(`${what}: HTTP ${status}${code}: ${stripeMessage}`, ctx);
}
