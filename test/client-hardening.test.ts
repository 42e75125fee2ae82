/** The client when what answers is not Stripe's JSON, for the preflight, and after SIGINT/SIGTERM. */
import nock from 'nock';
import { AuthError, InternalError, InterruptedError, NotStripeError, RetriableApiError } from '../src/errors';
import { testClient } from './helpers';

const API = 'https://api.stripe.com';
const list = { object: 'list', data: [], has_more: false, url: '/v1/charges' };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('answers that are not Stripe JSON', () => {
  it('an HTML page with 200 or 404 is not retried: NotStripeError with the status', async () => {
    for (const status of [200, 404]) {
      nock(API).get('/v1/account').reply(status, '<html><body>Welcome</body></html>', { 'Content-Type': 'text/html' });
      const { client } = testClient();
      const error = await client.get('/v1/account').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotStripeError);
      expect((error as NotStripeError).message).toBe(`GET /v1/account: HTTP ${status}: answered with an HTML page instead of Stripe's JSON; is api_base the Stripe API (or a proxy to it)?`);
      expect(client.stats.requests).toBe(1);
    }
  });

  it('a body that is not JSON says its type and size, never its content', async () => {
    nock(API).get('/v1/account').reply(200, 'sk_test_looks_like_a_key_0000', { 'Content-Type': 'text/plain' });
    const { client } = testClient();
    const error = await client.get('/v1/account').catch((e: unknown) => e);
    expect((error as NotStripeError).message).toContain('answered with 29 bytes of text/plain instead of');
    expect((error as NotStripeError).message).not.toContain('looks_like');
  });

  it('a proxy\'s 502 page is retried like any 5xx', async () => {
    nock(API).get('/v1/charges').reply(502, '<html>Bad Gateway</html>', { 'Content-Type': 'text/html' })
      .get('/v1/charges').reply(200, list);
    const { client } = testClient();
    await expect(client.get('/v1/charges')).resolves.toMatchObject({ data: [] });
    expect(client.stats).toMatchObject({ requests: 2, retries: 1 });
  });
});

describe('the preflight', () => {
  it('writes no METRIC line, whether it succeeds or fails', async () => {
    nock(API).get('/v1/account').reply(200, { id: 'acct_1', object: 'account' })
      .get('/v1/account').reply(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
    const { client, lines } = testClient();
    await client.get('/v1/account', {}, { quiet: true });
    await client.get('/v1/account', {}, { quiet: true }).catch(() => undefined);
    expect(lines.filter((l) => l.includes('METRIC'))).toEqual([]);
  });
});

describe('after SIGINT/SIGTERM', () => {
  it('the request in flight finishes, the waiting ones fail with InterruptedError, none starts', async () => {
    const controller = new AbortController();
    nock(API).get('/v1/charges').delay(150).reply(200, list).get('/v1/invoices').reply(200, list);
    const { client } = testClient({ signal: controller.signal, maxConcurrency: 1 });
    const inFlight = client.get('/v1/charges');
    const waiting = client.get('/v1/invoices').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    controller.abort('SIGTERM');
    await expect(inFlight).resolves.toMatchObject({ data: [] });
    const late = await waiting;
    expect(late).toBeInstanceOf(InterruptedError);
    expect((late as InterruptedError).exitCode).toBe(143);
    await expect(client.get('/v1/payouts')).rejects.toThrow('GET /v1/payouts: not read, stopped by SIGTERM');
    expect(client.stats.requests).toBe(1);
    expect(nock.pendingMocks()).toEqual(['GET https://api.stripe.com:443/v1/invoices']);
  });

  it('a failed request is not retried after the signal', async () => {
    const controller = new AbortController();
    nock(API).get('/v1/customers').reply(500, { error: { type: 'api_error', message: 'boom' } }).get('/v1/customers').reply(200, list);
    const { client } = testClient({ signal: controller.signal, retry: { maxRetries: 3, baseDelayMs: 200, maxDelayMs: 200 } });
    const retried = client.get('/v1/customers').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    controller.abort('SIGINT');
    expect(await retried).toBeInstanceOf(InterruptedError);
    await new Promise((r) => setTimeout(r, 300));
    expect(client.stats.requests).toBe(1);
  });

  it('a revoked key answered to a request in flight is told as such, not as the interruption', async () => {
    const controller = new AbortController();
    nock(API).get('/v1/charges').delay(150).reply(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_***' } });
    const { client } = testClient({ signal: controller.signal });
    const inFlight = client.get('/v1/charges').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    controller.abort('SIGTERM');
    expect(await inFlight).toBeInstanceOf(AuthError);
  });

  it('a long retry delay (Retry-After) does not hold the shutdown up', async () => {
    const controller = new AbortController();
    nock(API).get('/v1/customers').reply(429, { error: { type: 'rate_limit_error', message: 'slow down' } }, { 'Retry-After': '8' });
    const { client } = testClient({ signal: controller.signal, retry: { maxRetries: 3, baseDelayMs: 200, maxDelayMs: 30_000 } });
    const waiting = client.get('/v1/customers').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    const signalled = Date.now();
    controller.abort('SIGTERM');
    expect(await waiting).toBeInstanceOf(InterruptedError);
    expect(Date.now() - signalled).toBeLessThan(1000);
    expect(client.stats.requests).toBe(1);
  });

  it('requests queued for one endpoint\'s pace are let go at once, none sent', async () => {
    const controller = new AbortController();
    nock(API).get(/\/v1\/customers\/cus_\w+\/payment_methods/).times(400).reply(200, { ...list, url: '/v1/payment_methods' });
    const { client } = testClient({ signal: controller.signal, maxConcurrency: 16, maxRequestsPerSecond: 100 });
    const all = Array.from({ length: 400 }, (_, i) => client.get(`/v1/customers/cus_A${i}x/payment_methods`).catch((e: unknown) => e));
    await new Promise((r) => setTimeout(r, 150));
    const signalled = Date.now();
    controller.abort('SIGTERM');
    const results = await Promise.all(all);
    expect(Date.now() - signalled).toBeLessThan(1000);
    const interrupted = results.filter((r) => r instanceof InterruptedError).length;
    expect(interrupted).toBeGreaterThan(380); // Stripe's 25 a second on one endpoint: a handful left before the signal
    expect(client.stats.requests).toBe(400 - interrupted);
  });

  it('when the run stops for a failure, a request waiting for its pace is dropped, not sent', async () => {
    nock(API).get('/v1/charges').reply(200, list).get('/v1/invoices').reply(200, list);
    const { client } = testClient({ maxRequestsPerSecond: 2 });
    await client.get('/v1/charges');
    const waiting = client.get('/v1/invoices').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    await client.stop();
    expect(await waiting).toBeInstanceOf(InternalError);
    expect(client.stats.requests).toBe(1);
    expect(nock.pendingMocks()).toEqual(['GET https://api.stripe.com:443/v1/invoices']);
  });

  it('SIGINT exits 130', () => {
    expect(new InterruptedError('SIGINT').exitCode).toBe(130);
    expect(new RetriableApiError('x').exitCode).toBe(1);
  });
});
