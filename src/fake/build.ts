/**
 * Builds a fake account: populated streams, the account and balance objects, and recent events.
 */
import { Dataset, type DatasetOptions } from './dataset';
import { eventSources, eventTypes, makeEvent } from './events';
import { Factory } from './factory';
import { populate, streamCount, type BuildOptions } from './populate';
import { Rng } from './random';
import { Store } from './store';

export function buildDataset(options: DatasetOptions = {}): Dataset {
  const seed = options.seed ?? 42;
  const now = options.now ?? Date.now();
  const build: BuildOptions = { scale: options.scale ?? 1, historyYears: options.historyYears ?? 3, counts: options.counts ?? {} };
  const store = new Store(Math.floor(now / 1000));
  const rng = new Rng(seed);
  const factory = new Factory(rng);
  populate(store, factory, build);
  const dataset = new Dataset(store, factory, seed, now);

  store.account = factory.clone('account', { created: store.nowSec - 4 * 365 * 86400 - rng.int(0, 86400 * 200) });
  const available = rng.int(10000, 5000000);
  store.balance = factory.clone('balance', {
    available: [{ amount: available, currency: 'usd', source_types: { card: available } }],
    pending: [{ amount: rng.int(0, 200000), currency: 'usd', source_types: { card: 0 } }],
  });

  const sources = eventSources().filter((s) => store.ids(s.name).length > 0);
  const weights = sources.map((s) => store.ids(s.name).length);
  const total = weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < streamCount('events', build); i++) {
    let r = rng.int(0, total - 1);
    const k = weights.findIndex((w) => (r -= w) < 0);
    const source = sources[k] ?? sources[0];
    if (!source) break;
    const entry = store.entry(source.name, rng.pick(store.ids(source.name)));
    if (!entry) continue;
    const created = store.nowSec - rng.int(60, 20 * 86400);
    const event = makeEvent(factory, rng.pick(eventTypes(source.name)), dataset.render(source.name, entry, new Set()), created);
    store.addTop('events', { id: event['id'] as string, created, obj: event }, true);
  }
  store.top('events').list.sortAll();
  return dataset;
}
