/**
 * `npm run bench [-- --only a,c] [-- --scale 0.1]`: the tap at the physical limit, measured against the fake
 * Stripe API. Starts the fake with the scenario's latency, rate limit and object counts, runs the built CLI
 * into a counting sink, and prints one JSON object per scenario (ratios, not seconds: machines are noisy):
 *   a  250 ms latency, 25 req/s hard limit, 3 streams × 20k objects: dense history
 *   b  zero latency, no limit, 1M objects over 5 streams (CPU and memory; also at 1/10 the size)
 *   c  250 ms latency, 25 req/s hard limit, one stream of 500k objects
 *   d  customers with their children (payment methods, sources, tax ids, balance transactions)
 *   e  an incremental run after 1,000 changes, and one after none
 *   f  a slow stdout consumer (a reader that sleeps): the tap slows down, its memory does not grow
 * `--scale` multiplies every object count (for a quick look); the README reports the full sizes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCatalog } from '../src/catalog';
import { startFakeStripe, type FakeStripe, type FakeStripeOptions } from '../src/fake';
import { inProcess, inWorker, type Server } from './bench-fake';
import { customerFamilyMinimum, type Minimum } from './bench-minimum';
import { runCli, totalRecords, type CliOptions, type CliRun } from './cli-runner';

const dir = mkdtempSync(join(tmpdir(), 'tap-stripe-bench-'));
let files = 0;
const file = (name: string, content: unknown): string => {
  const path = join(dir, `${name}-${(files += 1)}.json`);
  writeFileSync(path, JSON.stringify(content));
  return path;
};

function catalog(streams: readonly string[]): string {
  const cat = buildCatalog();
  for (const s of cat.streams) s.metadata[0]!.metadata['selected'] = streams.includes(s.stream);
  return file('catalog', cat);
}

const round = (n: number, digits = 3): number => Number(n.toFixed(digits));
const MACHINE = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;

interface Measured {
  run: CliRun;
  requests: number;
  rateLimited: number;
}

async function sync(server: Server, streams: readonly string[], config: Record<string, unknown>, extra: string[] = [], options: CliOptions = {}): Promise<Measured> {
  const before = await server.counts();
  const path = file('config', { api_key: server.apiKey, api_base: server.url, lag_seconds: 0, ...config });
  const run = await runCli(['--config', path, '--catalog', catalog(streams), ...extra], { measure: true, ...options });
  if (run.code !== 0) throw new Error(`the tap exited ${run.code}`);
  const after = await server.counts();
  return { run, requests: after.total - before.total, rateLimited: after.rateLimited - before.rateLimited };
}

/** The fields, from one measured run at a request budget of `budget`. */
function fields(m: Measured, budget: number): Record<string, number> {
  const objects = totalRecords(m.run);
  const perSecond = objects / m.run.seconds;
  return {
    objects,
    objects_per_second: Math.round(perSecond),
    share_of_object_limit: round(perSecond / (budget * 100)),
    share_of_request_budget: round(m.requests / m.run.seconds / budget),
    rate_limited_requests: m.rateLimited,
    records_per_cpu_second: Math.round(objects / (m.run.cpuSeconds ?? Number.NaN)),
    peak_rss_mb: m.run.peakRssMiB,
    requests_per_1000_objects: round((m.requests / objects) * 1000, 2),
    requests: m.requests,
    states: m.run.states,
  };
}

/** A fake in-process, for the scenarios that read or change its data. */
async function withFake<T>(options: FakeStripeOptions, body: (fake: FakeStripe, server: Server) => Promise<T>): Promise<T> {
  const fake = await startFakeStripe(options);
  try {
    return await body(fake, inProcess(fake));
  } finally {
    await fake.close();
  }
}

/** A fake in a worker thread of its own (see bench-fake.ts), for the scenarios that time it. */
async function withServer<T>(options: FakeStripeOptions, body: (server: Server) => Promise<T>): Promise<T> {
  const server = await inWorker(options);
  try {
    return await body(server);
  } finally {
    await server.close();
  }
}

const counts = (streams: readonly string[], each: number): Record<string, number> => Object.fromEntries(streams.map((s) => [s, each]));
const LIMITED = { latencyMs: 250, rateLimit: { perSecond: 25 }, historyYears: 4 };

type Scenario = (scale: number) => Promise<Record<string, unknown>>;

const SCENARIOS: Record<string, Scenario> = {
  a: (scale) => {
    const streams = ['charges', 'customers', 'invoices'];
    return withServer({ ...LIMITED, counts: counts(streams, Math.round(20_000 * scale)) }, async (server) => ({
      description: '250 ms latency, 25 req/s hard limit, 3 streams × 20k objects',
      ...fields(await sync(server, streams, { max_requests_per_second: 25 }), 25),
    }));
  },
  b: async (scale) => {
    const streams = ['charges', 'payment_intents', 'refunds', 'balance_history', 'invoice_items'];
    const config = { max_requests_per_second: 100, max_concurrency: 16 };
    const one = (each: number) => withServer({ counts: counts(streams, each), historyYears: 4 }, (server) => sync(server, streams, config));
    const full = await one(Math.round(200_000 * scale));
    const tenth = await one(Math.round(20_000 * scale));
    return {
      description: 'zero latency, no server limit (tap budget 100 req/s, max_concurrency 16), 1M objects over 5 streams',
      ...fields(full, 100),
      peak_rss_mb_at_a_tenth: tenth.run.peakRssMiB,
      rss_growth_10x_objects: round(full.run.peakRssMiB / Math.max(1, tenth.run.peakRssMiB), 2),
    };
  },
  c: (scale) => withServer({ ...LIMITED, counts: { charges: Math.round(500_000 * scale) } }, async (server) => ({
    description: '250 ms latency, 25 req/s hard limit, one stream of 500k objects',
    ...fields(await sync(server, ['charges'], { max_requests_per_second: 25 }), 25),
  })),
  d: (scale) => withFake({ counts: { customers: Math.round(2_000 * scale) } }, async (fake, server) => {
    const streams = ['customers', 'payment_methods', 'customer_sources', 'tax_ids', 'customer_balance_transactions'];
    const measured = await sync(server, streams, { max_requests_per_second: 100, max_concurrency: 16 });
    const minimum: Minimum = customerFamilyMinimum(fake.dataset);
    return {
      description: 'customers with payment methods, sources, tax ids and balance transactions',
      ...fields(measured, 100),
      minimum_requests: minimum.total,
      minimum_by_kind: minimum.parts,
      requests_over_minimum: round(measured.requests / minimum.total),
    };
  }),
  e: (scale) => {
    const streams = ['charges', 'customers', 'invoices'];
    return withFake({ counts: counts(streams, Math.round(20_000 * scale)) }, async (fake, server) => {
      const config = { max_requests_per_second: 100, max_concurrency: 16 };
      const first = await sync(server, streams, config);
      const changes = Math.round(1_000 * Math.min(1, scale * 10));
      const eventsBefore = fake.dataset.count('events');
      for (let i = 0; i < changes; i += 1) {
        const stream = streams[i % streams.length]!;
        const ids = fake.dataset.store.ids(stream);
        fake.dataset.update(stream, ids[(i * 7919) % ids.length]!, { metadata: { bench_change: String(i) } });
      }
      const events = fake.dataset.count('events') - eventsBefore;
      // hourly runs: the changes happened during the hour before the next run, not in the last 600 s before
      // the previous one's end (those, every run reads again: lookback_window)
      fake.dataset.clock.advance(3600);
      const state = file('state', first.run.lastState);
      const changed = await sync(server, streams, config, ['--state', state]);
      // "nothing new": another hour later, nothing changed
      fake.dataset.clock.advance(3600);
      const quiet = await sync(server, streams, config, ['--state', file('state', changed.run.lastState)]);
      // one list request per family, one events page, one for the account (Stripe's clock); in test mode
      // also the test clocks and, per clock, its customers (whole every run, like a full-table stream)
      const clocks = fake.dataset.store.top('test_clocks').list.size;
      const floor = streams.length + 1 + 1 + (clocks > 0 ? 1 + clocks : 0);
      const bound = floor - 1 + Math.ceil(events / 100) + changes;
      return {
        description: 'incremental runs: after 1,000 changes to charges, customers and invoices, then after none',
        changes,
        events,
        requests_after_changes: changed.requests,
        bound_after_changes: bound,
        share_of_bound_after_changes: round(changed.requests / bound),
        records_after_changes: totalRecords(changed.run),
        requests_after_nothing: quiet.requests,
        bound_after_nothing: floor,
        records_after_nothing: totalRecords(quiet.run),
      };
    });
  },
  f: (scale) => withServer({ counts: { charges: Math.round(50_000 * scale) }, historyYears: 4 }, async (server) => {
    const config = { max_requests_per_second: 100, max_concurrency: 16 };
    const fast = await sync(server, ['charges'], config);
    // 2.5 MiB/s: half what the tap sends at Stripe's 25 requests per second on one endpoint
    const slow = await sync(server, ['charges'], config, [], { slowReader: { everyBytes: 1 << 20, sleepMs: 400 } });
    return {
      description: 'a reader that sleeps 400 ms after every MiB of stdout, against one that does not',
      objects: totalRecords(slow.run),
      slow_reader_seconds_over_fast: round(slow.run.seconds / fast.run.seconds, 2),
      peak_rss_mb_fast_reader: fast.run.peakRssMiB,
      peak_rss_mb_slow_reader: slow.run.peakRssMiB,
      rss_slow_over_fast: round(slow.run.peakRssMiB / Math.max(1, fast.run.peakRssMiB), 2),
    };
  }),
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, scale: { type: 'string' } } });
  const only = (values.only ?? Object.keys(SCENARIOS).join(',')).split(',').filter(Boolean);
  const scale = Number(values.scale ?? 1);
  if (!(scale > 0)) throw new Error('--scale must be a positive number');
  for (const name of only) {
    const scenario = SCENARIOS[name];
    if (!scenario) throw new Error(`unknown scenario ${name} (one of ${Object.keys(SCENARIOS).join(', ')})`);
    const result = await scenario(scale);
    process.stdout.write(`${JSON.stringify({ scenario: name, scale, ...result, machine: MACHINE })}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
