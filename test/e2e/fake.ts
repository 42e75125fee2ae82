import { buildCatalog } from '../../src/catalog';
import { startFakeStripe, type FakeStripe, type FakeStripeOptions } from '../../src/fake';
import { jsonFile } from './tap';

/** A fake Stripe API and a config file pointing the tap at it (fast: no lag, the highest request budget). */
export async function fakeAccount(options: FakeStripeOptions = {}, config: Record<string, unknown> = {}): Promise<{ fake: FakeStripe; config: string }> {
  const fake = await startFakeStripe(options);
  const path = jsonFile({
    api_key: fake.apiKey, api_base: fake.url, lag_seconds: 0, lookback_window: 0,
    max_requests_per_second: 100, max_concurrency: 16, max_retries: 4, ...config,
  }, 'config');
  return { fake, config: path };
}

/** A catalog file selecting exactly these streams. */
export function catalogFile(streams: string[]): string {
  const catalog = buildCatalog();
  for (const s of catalog.streams) s.metadata[0]!.metadata['selected'] = streams.includes(s.stream);
  return jsonFile(catalog, 'catalog');
}
