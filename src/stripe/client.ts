import type Stripe from 'stripe';
import { AuthError, InternalError, InterruptedError, TapError } from '../errors';
import type { Logger } from '../log';
import { toTapError } from './errors';
import { RateGovernor } from './governor';
import { statusKeepingHttpClient } from './http';
import { RequestLimiter } from './limiter';
import { Pacer } from './pacer';
import { withQuery, type Query } from './query';
import { retryDelay, type RetryPolicy } from './retry';

/** The API version the schemas were generated from: every request pins it. */
export const STRIPE_API_VERSION = '2024-04-10';
/** Stripe's own per-endpoint ceilings (requests per second), below the account-wide budget. */
const ENDPOINT_LIMITS: { prefix: string; perSecond: number }[] = [
  { prefix: '/v1/files', perSecond: 20 },
  { prefix: '/', perSecond: 25 },
];

export interface ClientOptions {
  apiKey: string;
  accountId?: string;
  apiBase?: string;
  timeoutSeconds: number;
  maxRequestsPerSecond: number;
  maxConcurrency: number;
  retry: RetryPolicy;
  userAgent?: string;
  version: string;
  /**
   * Aborted on SIGINT/SIGTERM (reason: the signal's name): no request starts after it, none is retried, and
   * the requests in flight may finish within their timeout.
   */
  signal?: AbortSignal;
}

export interface RequestContext {
  stream?: string;
  /** The run's preflight, not a stream's request: no METRIC line (a failure is the run's one line, told by the caller). */
  quiet?: boolean;
}

export type JsonObject = Record<string, unknown>;
type ResponseHeaders = Record<string, string | undefined>;

/** Counts kept for progress lines and benchmarks. */
export interface ClientStats {
  requests: number;
  retries: number;
}

/**
 * The only module that talks HTTP. GET only; one rate limiter for every request of the run (plus Stripe's
 * per-endpoint ceilings); retries with backoff and jitter decided by `retryDelay`.
 */
export class StripeClient {
  readonly stats: ClientStats = { requests: 0, retries: 0 };
  private readonly stripe: Stripe;
  private readonly limiter: RequestLimiter;
  private readonly endpointPacers = new Map<string, Pacer>();
  private readonly governor: RateGovernor;
  /** Spaces request starts by the governor's interval (the limiter only bounds requests in flight). */
  private readonly pacer: Pacer;
  private readonly prefix: string;
  /** Stripe's clock from the last response's `Date` header, and the local time it arrived. */
  private serverClock: { serverMs: number; localMs: number } | undefined;
  /** The signal that stopped the run, once one did. */
  private interrupted: 'SIGINT' | 'SIGTERM' | undefined;
  private stopped = false;

  constructor(private readonly options: ClientOptions, readonly log: Logger) {
    const StripeLibrary = stripeLibrary();
    this.stripe = new StripeLibrary(options.apiKey, {
      apiVersion: STRIPE_API_VERSION as Stripe.StripeConfig['apiVersion'],
      maxNetworkRetries: 0, // retries are ours: stripe-node does not retry a plain 429
      timeout: options.timeoutSeconds * 1000,
      telemetry: false,
      appInfo: { name: options.userAgent ? `tap-stripe ${options.userAgent}` : 'tap-stripe', version: options.version },
      ...(options.accountId ? { stripeAccount: options.accountId } : {}),
      ...baseAddress(options.apiBase),
      httpClient: statusKeepingHttpClient(StripeLibrary),
    });
    this.prefix = basePath(options.apiBase);
    this.governor = new RateGovernor(Math.ceil(1000 / options.maxRequestsPerSecond));
    this.pacer = new Pacer(this.governor.interval);
    this.limiter = new RequestLimiter(options.maxConcurrency);
    const signal = options.signal;
    if (signal) {
      if (signal.aborted) this.interrupt(signal.reason);
      else signal.addEventListener('abort', () => this.interrupt(signal.reason), { once: true });
    }
  }

  /** After SIGINT/SIGTERM: waiting requests are dropped (they fail with InterruptedError), none starts or retries. */
  private interrupt(reason: unknown): void {
    this.interrupted = reason === 'SIGINT' ? 'SIGINT' : 'SIGTERM';
    void this.stop();
  }

  /** After a failed attempt: the delay before the next one, or null to give up. */
  private readonly retry = (error: unknown, attempt: number): number | null => {
    if (this.interrupted) return null; // a retry would start a request after the signal
    if (error instanceof TapError && error.status === 429) this.pace(this.governor.rateLimited());
    const delay = retryDelay(error, attempt, this.options.retry);
    if (delay === null) return null;
    this.stats.retries += 1;
    const message = error instanceof TapError ? error.describe() : String(error);
    this.log.warn(`retrying in ${(delay / 1000).toFixed(1)}s (attempt ${attempt + 2}): ${message}`);
    return delay;
  };

  /** GET a Stripe path (with query) and return the parsed JSON body. */
  get(path: string, query: Query = {}, context: RequestContext = {}): Promise<JsonObject> {
    return this.request('GET', path, query, context);
  }

  /** Every request goes through here, and anything but GET is refused: the tap is read-only by construction. */
  async request(method: string, path: string, query: Query = {}, context: RequestContext = {}): Promise<JsonObject> {
    if (method.toUpperCase() !== 'GET') {
      throw new InternalError(`refused ${method.toUpperCase()} ${path}: tap-stripe only reads (GET)`, context);
    }
    const target = `${this.prefix}${withQuery(path, query)}`;
    const endpoint = this.endpointPacer(path);
    if (this.interrupted) throw this.interruption(path, context);
    try {
      return await this.limiter.run(() => this.send('GET', target, context), this.retry, () => endpoint.wait());
    } catch (error) {
      // after the signal, a failure is the interruption (it would have been retried), but a revoked key is told
      throw this.interrupted && !(error instanceof AuthError) ? this.interruption(path, context) : error;
    }
  }

  private interruption(path: string, context: RequestContext): InterruptedError {
    const signal = this.interrupted ?? 'SIGTERM';
    return new InterruptedError(signal, `GET ${path}: not read, stopped by ${signal}`, context.stream ? { stream: context.stream } : {});
  }

  /** Stops scheduling: pending requests are dropped (used when the run ends or is interrupted). */
  stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      this.limiter.stop();
      this.pacer.stop();
      for (const pacer of this.endpointPacers.values()) pacer.stop();
    }
    return Promise.resolve();
  }

  private async send(method: 'GET', target: string, context: RequestContext): Promise<JsonObject> {
    await this.pacer.wait();
    // a request that waited for its turn, or for a retry, while the run stopped must not reach Stripe
    if (this.interrupted) throw this.interruption(target, context);
    if (this.stopped) throw new InternalError(`GET ${target}: dropped, the run stopped`, context.stream ? { stream: context.stream } : {});
    this.stats.requests += 1;
    const started = process.hrtime.bigint();
    let status = 200;
    let ok = false;
    try {
      const body = (await this.stripe.rawRequest(method, target)) as JsonObject;
      this.pace(this.governor.succeeded());
      this.readClock((body as { lastResponse?: { headers?: ResponseHeaders } }).lastResponse?.headers);
      ok = true;
      return body;
    } catch (raw) {
      // an error answer tells Stripe's time as well: a run whose first request is refused (a restricted key
      // without access to the account) must not fall back to a local clock that may be ahead of Stripe's
      this.readClock((raw as { headers?: ResponseHeaders } | null)?.headers);
      const error = toTapError(raw, { path: target, ...(context.stream ? { stream: context.stream } : {}) });
      status = error.status ?? 0;
      throw error;
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (!context.quiet) {
        this.log.metric('timer', 'http_request_duration', Number(seconds.toFixed(3)), {
          endpoint: target.split('?')[0],
          ...(context.stream ? { stream: context.stream } : {}),
          http_status_code: status,
          status: ok ? 'succeeded' : 'failed',
        });
      }
    }
  }

  /**
   * Now by Stripe's clock (unix seconds): the `Date` header of the latest response moved on by the local time
   * since, or the local clock before any response. Windows end and events expire by Stripe's time, not by a
   * local clock that may be off.
   */
  serverNow(): number {
    const clock = this.serverClock;
    const ms = clock ? clock.serverMs + (Date.now() - clock.localMs) : Date.now();
    return Math.floor(ms / 1000);
  }

  private readClock(headers: ResponseHeaders | undefined): void {
    const serverMs = Date.parse(headers?.['date'] ?? '');
    if (Number.isFinite(serverMs)) this.serverClock = { serverMs, localMs: Date.now() };
  }

  /** Applies the governor's interval to the pacer. */
  private pace(interval: number): void {
    this.pacer.intervalMs = interval;
  }

  private endpointPacer(path: string): Pacer {
    const rule = ENDPOINT_LIMITS.find((r) => path.startsWith(r.prefix)) ?? ENDPOINT_LIMITS[ENDPOINT_LIMITS.length - 1]!;
    const key = endpointKey(path);
    let pacer = this.endpointPacers.get(key);
    if (!pacer) this.endpointPacers.set(key, (pacer = new Pacer(1000 / rule.perSecond)));
    return pacer;
  }
}

/**
 * stripe-node, loaded when the first client is made: a run that stops on a bad setting or file (the most
 * common short run) does not pay for loading it.
 */
function stripeLibrary(): typeof Stripe {
  return require('stripe') as typeof Stripe;
}

/** The endpoint a path belongs to, ids replaced: `/v1/customers/cus_9x/sources` → `/v1/customers/{id}/sources`. */
export function endpointKey(path: string): string {
  return path.split('?')[0]!.split('/')
    .map((segment) => (/^[a-z]+(_[a-z]+)*_[A-Za-z0-9]+$/.test(segment) && /[A-Z0-9]/.test(segment) ? '{id}' : segment))
    .join('/');
}

/** stripe-node's host, port and protocol for an api_base URL (IPv6 brackets removed). */
export function baseAddress(apiBase: string | undefined): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port || (protocol === 'http' ? 80 : 443), protocol };
}

/** The path an api_base puts in front of every request (a proxy's prefix), or ''. */
export function basePath(apiBase: string | undefined): string {
  return apiBase ? new URL(apiBase).pathname.replace(/\/+$/, '') : '';
}
