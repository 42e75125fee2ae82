/**
 * The fake Stripe API over HTTP (node:http, 127.0.0.1, GET only), with knobs for auth, permissions,
 * disabled products, legacy endpoints, latency, rate limiting and injected failures.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildDataset } from './build';
import { liveModeRefusal } from './clocks';
import { connectRefusal } from './connect';
import type { Dataset, DatasetOptions } from './dataset';
import { errors, type FakeResponse } from './errors';
import {
  DEFAULT_API_KEY, failureResponse, readKey, underPath, type FailureRequest, type FakeStripeKnobs,
} from './knobs';
import { parseQuery } from './query';
import { handleGet } from './router';
import { permissionFor } from './routes';
import { FakeStats } from './stats';

export interface FakeStripeOptions extends Partial<FakeStripeKnobs>, DatasetOptions {
  /** Default 0: an ephemeral port. */
  port?: number;
  host?: string;
  /** Serve this dataset instead of building one from the dataset options. */
  dataset?: Dataset;
}

export interface FakeStripe {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  url: string;
  port: number;
  apiKey: string;
  dataset: Dataset;
  stats: FakeStats;
  readonly knobs: Readonly<FakeStripeKnobs>;
  setOptions(partial: Partial<FakeStripeKnobs>): void;
  close(): Promise<void>;
}

export async function startFakeStripe(options: FakeStripeOptions = {}): Promise<FakeStripe> {
  const dataset = options.dataset ?? buildDataset(options);
  const knobs: FakeStripeKnobs = {
    apiKey: options.apiKey ?? DEFAULT_API_KEY,
    expiredKeys: options.expiredKeys ?? [],
    restrictedPaths: options.restrictedPaths ?? [],
    disabledFeatures: options.disabledFeatures ?? [],
    legacyAvailable: options.legacyAvailable ?? false,
    latencyMs: options.latencyMs ?? 0,
    strictParams: options.strictParams ?? true,
    eventApiVersion: options.eventApiVersion ?? dataset.events.apiVersion,
    eventDelaySeconds: options.eventDelaySeconds ?? dataset.events.delaySeconds,
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.failures ? { failures: options.failures } : {}),
  };
  const applyEventKnobs = (): void => {
    dataset.events.apiVersion = knobs.eventApiVersion;
    dataset.events.delaySeconds = knobs.eventDelaySeconds;
  };
  applyEventKnobs();
  const stats = new FakeStats();
  let seq = 0;
  let failureSeen = 0;
  let failureCount = 0;
  /** Arrival times of the requests the rate limit let through (a queue: `head` is its first live item). */
  let admitted: number[] = [];
  let head = 0;
  /** Answers waiting for their latency (cleared on close). */
  const pending = new Set<NodeJS.Timeout>();

  const rateLimited = (now: number): boolean => {
    const limit = knobs.rateLimit?.perSecond;
    if (limit === undefined) return false;
    while (head < admitted.length && (admitted[head] as number) <= now - 1000) head++;
    if (head > 1024) {
      admitted = admitted.slice(head);
      head = 0;
    }
    if (admitted.length - head >= limit) return true;
    admitted.push(now);
    return false;
  };

  const injected = (req: FailureRequest): FakeResponse | 'reset' | undefined => {
    const spec = knobs.failures;
    if (!spec) return undefined;
    if (typeof spec === 'function') return spec(req);
    if (spec.paths && !underPath(req.path, spec.paths)) return undefined;
    failureSeen++;
    if (failureSeen % Math.max(1, spec.every ?? 1) !== 0 || failureCount >= (spec.times ?? Infinity)) return undefined;
    failureCount++;
    return failureResponse(spec);
  };

  const answer = (req: http.IncomingMessage, n: number, path: string, search: string, at: number): FakeResponse | 'reset' => {
    const method = req.method ?? 'GET';
    if (method !== 'GET') {
      stats.nonGet++;
      return errors.methodNotAllowed(method, path);
    }
    const given = readKey(req.headers.authorization);
    if (given === undefined) return errors.apiKeyMissing();
    if (knobs.expiredKeys.includes(given)) return errors.expiredApiKey(given);
    if (given !== knobs.apiKey) return errors.invalidApiKey(given);
    // the platform's own account or one of its connected accounts (all answered from the one dataset)
    const onBehalf = req.headers['stripe-account'];
    if (typeof onBehalf === 'string' && onBehalf !== dataset.account['id'] && !dataset.store.entry('accounts', onBehalf)) {
      return errors.accountInvalid(given, onBehalf);
    }
    if (rateLimited(at)) {
      stats.rateLimited++;
      return errors.rateLimited();
    }
    const failure = injected({ n, method, path, query: new URLSearchParams(search) });
    if (failure) {
      stats.injectedFailures++;
      return failure;
    }
    if (underPath(path, knobs.restrictedPaths)) {
      return errors.permission(given, permissionFor(path), String(dataset.account['id']));
    }
    const refusal = liveModeRefusal(path, given) ?? connectRefusal(dataset, path, given);
    if (refusal) return refusal;
    try {
      return handleGet(dataset, path, parseQuery(search), knobs);
    } catch (e) {
      process.stderr.write(`fake stripe: ${path}: ${(e as Error).stack ?? String(e)}\n`);
      return errors.apiError();
    }
  };

  const server = http.createServer((req, res) => {
    const at = Date.now();
    const n = ++seq;
    stats.arrive(at);
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const path = url.pathname;
    const search = url.search.slice(1);
    const result = answer(req, n, path, search, at);
    req.resume();
    const authorized = readKey(req.headers.authorization) === knobs.apiKey;
    const send = (): void => {
      if (result === 'reset') {
        stats.finish({ n, method: req.method ?? '', path, query: search, status: 0, at, authorized });
        req.socket.destroy();
        return;
      }
      if (result.status === 401) stats.unauthorized++;
      stats.finish({ n, method: req.method ?? '', path, query: search, status: result.status, at, authorized });
      const text = result.raw ?? JSON.stringify(result.body);
      res.writeHead(result.status, {
        'Content-Type': result.raw === undefined ? 'application/json' : 'text/html; charset=utf-8',
        'Request-Id': `req_fake_${n}`,
        // the account's clock (tests move it), as Stripe's own Date header gives its time
        Date: new Date(dataset.clock.nowMs()).toUTCString(),
        'Stripe-Version': String(req.headers['stripe-version'] ?? '2024-04-10'),
        'Cache-Control': 'no-cache, no-store',
        ...(result.truncate ? { 'Content-Length': String(Buffer.byteLength(text)) } : {}),
        ...result.headers,
      });
      if (!result.truncate) {
        res.end(text);
        return;
      }
      res.write(text.slice(0, Math.floor(text.length / 2)), () => req.socket.destroy());
    };
    const l = knobs.latencyMs;
    const delay = (Array.isArray(l) ? l[0] + Math.random() * Math.max(0, l[1] - l[0]) : l) + (result === 'reset' ? 0 : result.delayMs ?? 0);
    if (delay > 0) {
      const timer = setTimeout(() => {
        pending.delete(timer);
        send();
      }, delay);
      pending.add(timer);
    } else send();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';

  return {
    url: `http://${host}:${port}`,
    port,
    get apiKey() {
      return knobs.apiKey;
    },
    dataset,
    stats,
    knobs,
    setOptions(partial) {
      Object.assign(knobs, partial);
      applyEventKnobs();
      if ('failures' in partial) failureSeen = failureCount = 0;
      if ('rateLimit' in partial) {
        admitted = [];
        head = 0;
      }
    },
    close: () => new Promise<void>((resolve, reject) => {
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    }),
  };
}
