/**
 * `npm run bench`: speed and memory of full syncs against the fake Stripe API, as ratios (machines are noisy):
 * - budget_share: requests per second achieved / max_requests_per_second, with 40 ms of server latency;
 * - peak_per_second_share: the busiest second / the budget (must not exceed 1: the limiter holds);
 * - requests_per_window: requests / planned windows (below 1: sparse history is probed, not walked);
 * - rss_growth: peak memory at 4x the data / at 1x (near 1: records stream through, nothing accumulates);
 * - under_429: with the server limiting below the tap's budget, the share of requests answered 429 and
 *   whether every record still arrived.
 * Prints one JSON object on stdout.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeStripe, type FakeStripe, type FakeStripeOptions } from '../src/fake';
import { runCli, totalRecords } from './cli-runner';

const dir = mkdtempSync(join(tmpdir(), 'tap-stripe-bench-'));

async function syncOnce(fakeOptions: FakeStripeOptions, config: Record<string, unknown>) {
  const fake: FakeStripe = await startFakeStripe(fakeOptions);
  const path = join(dir, `config-${Date.now()}.json`);
  writeFileSync(path, JSON.stringify({ api_key: fake.apiKey, api_base: fake.url, lag_seconds: 0, ...config }));
  let windows = 0;
  try {
    const run = await runCli(['--config', path], {
      onLog: (line) => {
        const m = /: (\d+) window\(s\) to read/.exec(line);
        if (m) windows += Number(m[1]);
      },
    });
    if (run.code !== 0) throw new Error(`sync exited ${run.code}`);
    const times = fake.stats.requests.map((r) => r.at);
    const span = (Math.max(...times) - Math.min(...times)) / 1000;
    const expected = fake.dataset.streams().reduce((n, s) => n + fake.dataset.count(s), 0);
    return { run, fake, span, windows, expected };
  } finally {
    await fake.close();
  }
}

const round = (n: number, digits = 3) => Number(n.toFixed(digits));

async function main(): Promise<void> {
  const budget = 25;
  const speed = await syncOnce({ latencyMs: 40 }, { max_requests_per_second: budget, max_concurrency: 8 });
  const requests = speed.fake.stats.total;
  const small = await syncOnce({ scale: 1 }, { max_requests_per_second: 100, max_concurrency: 16 });
  const large = await syncOnce({ scale: 4 }, { max_requests_per_second: 100, max_concurrency: 16 });
  const limited = await syncOnce({ rateLimit: { perSecond: 20 } }, { max_requests_per_second: 25, max_concurrency: 8 });
  const result = {
    budget_rps: budget,
    requests,
    records: totalRecords(speed.run),
    achieved_rps: round(requests / speed.span, 1),
    budget_share: round(requests / speed.span / budget),
    peak_per_second_share: round(speed.fake.stats.maxPerSecond / budget),
    records_per_request: round(totalRecords(speed.run) / requests, 2),
    requests_per_window: round(requests / speed.windows),
    peak_rss_mib: { scale_1: small.run.peakRssMiB, scale_4: large.run.peakRssMiB },
    records_by_scale: { scale_1: totalRecords(small.run), scale_4: totalRecords(large.run) },
    rss_growth: round(large.run.peakRssMiB / Math.max(1, small.run.peakRssMiB), 2),
    under_429: {
      server_limit_rps: 20,
      rate_limited_share: round(limited.fake.stats.rateLimited / limited.fake.stats.total),
      all_records: totalRecords(limited.run) === totalRecords(small.run),
    },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
