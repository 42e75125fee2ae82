import { childErrorAction, classifyStreamError } from '../src/engine/classify';
import { FatalApiError, PermissionError, RetriableApiError, UnavailableError } from '../src/errors';
import { findStream, type TopStreamDef } from '../src/streams';

const top = (name: string) => findStream(name) as TopStreamDef;

describe('unavailable streams', () => {
  it('a 404 on a legacy API names the replacement', () => {
    const error = classifyStreamError(top('orders'), new FatalApiError('GET /v1/orders: HTTP 404', { status: 404 }));
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error.message).toContain('checkout_sessions');
  });

  it.each([
    ['issuing_cards', 400, 'Your account is not set up to use Issuing.'],
    ['treasury_financial_accounts', 400, 'Treasury is not enabled for this account'],
    ['accounts', 400, "You can only create new accounts if you've signed up for Connect"],
  ])('%s: "%s" means the product is not enabled', (stream, status, message) => {
    const error = classifyStreamError(top(stream), new FatalApiError(message, { status }));
    expect(error).toBeInstanceOf(UnavailableError);
  });

  it('a 404 for an unknown URL ends any stream as unavailable, not as a failure', () => {
    const error = classifyStreamError(top('payment_links'), new FatalApiError('GET /v1/payment_links: HTTP 404: Unrecognized request URL (GET: /v1/payment_links).', { status: 404 }));
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error.message).toContain('does not serve GET /v1/payment_links');
  });

  it('leaves other errors alone', () => {
    const boom = new FatalApiError('GET /v1/charges: HTTP 404', { status: 404 });
    expect(classifyStreamError(top('charges'), boom)).toBe(boom);
    const denied = new PermissionError('403', { status: 403 });
    expect(classifyStreamError(top('issuing_cards'), denied)).toBe(denied);
    const flaky = new RetriableApiError('500', { status: 500 });
    expect(classifyStreamError(top('issuing_cards'), flaky)).toBe(flaky);
  });
});

describe('a refused child request', () => {
  it("a restricted key's refusal names a rak_ permission: the child stream is skipped", () => {
    const error = new PermissionError("GET /v1/accounts/acct_1/persons: permission denied (403): The provided key 'rk_test_***' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_person_read' permission would allow this request to continue.", { status: 403 });
    expect(childErrorAction(error)).toBe('skip-stream');
  });

  it('a refusal for one connected account names none: only that parent is passed over', () => {
    const error = new PermissionError("GET /v1/accounts/acct_1/persons: permission denied (403): The provided key 'sk_live_***' does not have the required permissions for this endpoint on account 'acct_1'.", { status: 403 });
    expect(childErrorAction(error)).toBe('skip-parent');
  });
});
