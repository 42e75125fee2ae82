/**
 * Stripe's error responses: `{error: {type, code?, message, param?, doc_url?}}` with Stripe's wording.
 */

export interface FakeResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Sent as it is instead of the JSON of `body` (Content-Type text/html unless `headers` say otherwise). */
  raw?: string;
  /** The headers (with the full Content-Length) and half the body, then the connection drops. */
  truncate?: boolean;
  /** Answered this much later, on top of the latency knob. */
  delayMs?: number;
}

export interface StripeErrorFields {
  type?: string;
  code?: string;
  message: string;
  param?: string;
}

export function stripeError(status: number, fields: StripeErrorFields, headers?: Record<string, string>): FakeResponse {
  const error: Record<string, string> = {};
  if (fields.code) {
    error['code'] = fields.code;
    error['doc_url'] = `https://stripe.com/docs/error-codes/${fields.code.replace(/_/g, '-')}`;
  }
  error['message'] = fields.message;
  if (fields.param) error['param'] = fields.param;
  error['type'] = fields.type ?? 'invalid_request_error';
  return headers ? { status, body: { error }, headers } : { status, body: { error } };
}

/** `sk_test_abc…wxyz` → `sk_test_********************wxyz` (never the whole key). */
export function maskKey(key: string): string {
  const prefix = /^(sk|rk|pk)_(test|live)_/.exec(key)?.[0] ?? '';
  const rest = key.slice(prefix.length);
  const tail = rest.length >= 12 ? rest.slice(-4) : '';
  return prefix + '*'.repeat(Math.max(4, rest.length - tail.length)) + tail;
}

export const errors = {
  apiKeyMissing: (): FakeResponse => stripeError(401, {
    message: "You did not provide an API key. You need to provide your API key in the Authorization header, " +
      "using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication " +
      'for details, or we can help at https://support.stripe.com/.',
  }),

  invalidApiKey: (given: string): FakeResponse => stripeError(401, { message: `Invalid API Key provided: ${maskKey(given)}` }),

  /** A rolled or revoked key (docs.stripe.com/error-codes#api-key-expired: "The API key provided has expired"). */
  expiredApiKey: (given: string): FakeResponse => stripeError(401, { code: 'api_key_expired', message: `Expired API Key provided: ${maskKey(given)}` }),

  /**
   * A Stripe-Account header naming an account the key cannot act for (docs.stripe.com/error-codes#account-invalid;
   * the wording as Stripe gives it, e.g. github.com/ezet/stripe-sdk/issues/151).
   */
  accountInvalid: (given: string, account: string): FakeResponse => stripeError(403, {
    code: 'account_invalid',
    message: `The provided key '${maskKey(given)}' does not have access to account '${account}' (or that account does not exist). Application access may have been revoked.`,
  }),

  permission: (given: string, permission: string, account: string): FakeResponse => stripeError(403, {
    message: `The provided key '${maskKey(given)}' does not have the required permissions for this endpoint on account ` +
      `'${account}'. Having the '${permission}' permission would allow this request to continue.`,
  }),

  rateLimited: (): FakeResponse => stripeError(429, {
    code: 'rate_limit',
    message: 'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.',
  }),

  apiError: (status = 500): FakeResponse => stripeError(status, { type: 'api_error', message: 'An unknown error occurred' }),

  methodNotAllowed: (method: string, path: string): FakeResponse => stripeError(405, {
    message: `Unrecognized request URL (${method}: ${path}). The fake Stripe API only serves GET requests.`,
  }),

  unrecognizedUrl: (path: string): FakeResponse => stripeError(404, {
    message: `Unrecognized request URL (GET: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  }),

  noSuchObject: (status: number, objectName: string, id: string, param = 'id'): FakeResponse => stripeError(status, {
    code: 'resource_missing', message: `No such ${objectName}: '${id}'`, param,
  }),

  notEnabled: (feature: string): FakeResponse => {
    if (feature === 'Connect') {
      return stripeError(400, {
        message: "You can only create new accounts if you've signed up for Connect, which you can learn how to do at https://stripe.com/docs/connect.",
      });
    }
    return stripeError(400, {
      message: `Your account is not set up to use ${feature}. Please visit https://dashboard.stripe.com/${feature.toLowerCase()}/overview to get started.`,
    });
  },

  unknownParameter: (param: string): FakeResponse => stripeError(400, {
    code: 'parameter_unknown', message: `Received unknown parameter: ${param}`, param,
  }),

  missingParameter: (param: string): FakeResponse => stripeError(400, {
    code: 'parameter_missing', message: `Missing required param: ${param}.`, param,
  }),

  invalidInteger: (param: string, value: string): FakeResponse => stripeError(400, {
    code: 'parameter_invalid_integer', message: `Invalid integer: ${value}`, param,
  }),

  outOfRange: (param: string, bound: 'min' | 'max', limit: number): FakeResponse => stripeError(400, {
    code: 'parameter_invalid_integer',
    message: `This value must be ${bound === 'min' ? 'greater' : 'less'} than or equal to ${limit}.`,
    param,
  }),

  testModeOnly: (path: string): FakeResponse => stripeError(400, {
    message: `GET ${path} is only available in test mode; this request used a live mode key.`,
  }),

  bothCursors: (): FakeResponse => stripeError(400, {
    message: 'You may only specify one of these parameters: ending_before, starting_after.',
  }),
};
