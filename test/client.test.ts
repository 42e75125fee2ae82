import nock from 'nock';
import { AuthError, FatalApiError, InternalError, PermissionError, RetriableApiError } from '../src/errors';
import { baseAddress, basePath, endpointKey } from '../src/stripe/client';
import { testClient, TEST_KEY } from './helpers';

const API = 'https://api.stripe.com';
const list = (ids: string[], hasMore = false) => ({ object: 'list', data: ids.map((id) => ({ id })), has_more: hasMore, url: '/v1/charges' });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('Stripe client', () => {
  it('sends GET with the pinned API version, the key as Bearer, and Stripe-style query', async () => {
    const scope = nock(API, { reqheaders: { 'stripe-version': '2024-04-10', authorization: `Bearer ${TEST_KEY}` } })
      .get('/v1/charges')
      .query({ 'created[gte]': '10', 'created[lt]': '20', 'expand[]': ['data.a', 'data.b'] })
      .reply(200, list(['ch_1']));
    const { client } = testClient();
    const body = await client.get('/v1/charges', { 'created[gte]': 10, 'created[lt]': 20, 'expand[]': ['data.a', 'data.b'] });
    expect(body['data']).toEqual([{ id: 'ch_1' }]);
    expect(scope.isDone()).toBe(true);
  });

  it('retries a plain 429 (which stripe-node does not) and 5xx, then succeeds', async () => {
    nock(API).get('/v1/charges').reply(429, { error: { type: 'invalid_request_error', message: 'Too many requests' } })
      .get('/v1/charges').reply(500, { error: { type: 'api_error', message: 'boom' } })
      .get('/v1/charges').reply(200, list(['ch_1']));
    const { client, lines } = testClient();
    const body = await client.get('/v1/charges');
    expect(body['data']).toEqual([{ id: 'ch_1' }]);
    expect(client.stats).toMatchObject({ requests: 3, retries: 2 });
    expect(lines.filter((l) => l.startsWith('WARNING retrying'))).toHaveLength(2);
  });

  it('retries network errors', async () => {
    nock(API).get('/v1/charges').replyWithError('socket hang up')
      .get('/v1/charges').reply(200, list([]));
    const { client } = testClient();
    await expect(client.get('/v1/charges')).resolves.toMatchObject({ data: [] });
  });

  it('gives up after max_retries with the Request-Id in the message', async () => {
    nock(API).get('/v1/charges').times(4).reply(503, { error: { type: 'api_error', message: 'unavailable' } }, { 'Request-Id': 'req_abc' });
    const { client } = testClient();
    const error = await client.get('/v1/charges').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriableApiError);
    expect((error as RetriableApiError).describe()).toContain('Request-Id req_abc');
    expect(client.stats.requests).toBe(4);
  });

  it('does not retry when Stripe says Stripe-Should-Retry: false', async () => {
    nock(API).get('/v1/charges').reply(500, { error: { type: 'api_error', message: 'no' } }, { 'Stripe-Should-Retry': 'false' });
    const { client } = testClient();
    await expect(client.get('/v1/charges')).rejects.toBeInstanceOf(RetriableApiError);
    expect(client.stats.requests).toBe(1);
  });

  it('fails fast on 401 and never prints the key', async () => {
    nock(API).get('/v1/charges').reply(401, { error: { type: 'invalid_request_error', message: `Invalid API Key provided: ${TEST_KEY}` } });
    const { client, lines } = testClient();
    const error = await client.get('/v1/charges').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toContain('401');
    expect((error as AuthError).message).not.toContain(TEST_KEY);
    expect(lines.join('\n')).not.toContain(TEST_KEY);
    expect(client.stats.requests).toBe(1);
  });

  it('turns 403 into a PermissionError naming the permission, with the key scrubbed', async () => {
    nock(API).get('/v1/payouts').reply(403, {
      error: { type: 'invalid_request_error', message: `The provided key '${TEST_KEY}' does not have the required permissions for this endpoint. Having the 'rak_payout_read' permission would allow this request to continue.` },
    });
    const { client } = testClient();
    const error = await client.get('/v1/payouts', {}, { stream: 'payouts' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionError);
    const text = (error as PermissionError).describe();
    expect(text).toContain('rak_payout_read');
    expect(text).toContain('stream payouts');
    expect(text).not.toContain('sk_test');
  });

  it('does not retry 404', async () => {
    nock(API).get('/v1/orders').reply(404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: 'Unrecognized request URL' } });
    const { client } = testClient();
    await expect(client.get('/v1/orders')).rejects.toBeInstanceOf(FatalApiError);
    expect(client.stats.requests).toBe(1);
  });

  it('refuses every method but GET before any request', async () => {
    const { client } = testClient();
    await expect(client.request('POST', '/v1/charges')).rejects.toBeInstanceOf(InternalError);
    await expect(client.request('DELETE', '/v1/customers/cus_1')).rejects.toThrow('only reads');
    expect(client.stats.requests).toBe(0);
  });

  it('sends Stripe-Account for a connected account', async () => {
    const scope = nock(API, { reqheaders: { 'stripe-account': 'acct_123' } }).get('/v1/balance').reply(200, { object: 'balance' });
    const { client } = testClient({ accountId: 'acct_123' });
    await client.get('/v1/balance');
    expect(scope.isDone()).toBe(true);
  });
});

describe('api_base', () => {
  it('keeps a proxy path prefix and loopback IPv6 hosts usable', async () => {
    const scope = nock('http://[::1]:12111').get('/stripe-proxy/v1/charges').reply(200, list([]));
    const { client } = testClient({ apiBase: 'http://[::1]:12111/stripe-proxy/' });
    await client.get('/v1/charges');
    expect(scope.isDone()).toBe(true);
    expect(baseAddress('http://[::1]:12111')).toEqual({ host: '::1', port: '12111', protocol: 'http' });
    expect(basePath('https://api.stripe.com')).toBe('');
  });
});

describe('endpoint keys for the per-endpoint limits', () => {
  it.each([
    ['/v1/charges', '/v1/charges'],
    ['/v1/customers/cus_NffrFeUfNV2Hib/sources', '/v1/customers/{id}/sources'],
    ['/v1/customers/cus_NffrFeUfNV2Hib/balance_transactions', '/v1/customers/{id}/balance_transactions'],
    ['/v1/subscription_items?subscription=sub_1', '/v1/subscription_items'],
    ['/v1/issuing/cards', '/v1/issuing/cards'],
  ])('%s → %s', (path, key) => {
    expect(endpointKey(path)).toBe(key);
  });
});
