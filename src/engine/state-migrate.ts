/**
 * Unversioned states: the `{"bookmarks": …}` of older Stripe taps, singer-io/tap-stripe's above all
 * (github.com/singer-io/tap-stripe, tap_stripe/__init__.py): per stream `{"created": <unix seconds>}` (or
 * `{"date": …}` for invoices, their lines and invoice items), per stream whose updates it reads from events
 * `<stream>_events: {"updates_created": <unix seconds>}`, and a `currently_syncing` stream name.
 *
 * What is unambiguous is migrated: a bookmark of a stream tap-stripe has under the same name, and the events
 * cursors (tap-stripe keeps one: the oldest of them all, never later than a bookmark). A stream tap-stripe has
 * under another name starts over (its table is new, so its history is read from the start). An entry with no
 * time tap-stripe can read, or with two times that disagree, is refused.
 */
import { ConfigError } from '../errors';
import { isObject } from '../json-file';
import { findStream } from '../streams';
import { RENAMED } from '../streams/renamed';
import { toRfc3339, toUnixSeconds } from '../time';
import { emptyState, readTime, type State } from './state';

/** The keys singer-io's tap bookmarks a stream's history with. */
const TIME_KEYS = ['created', 'date'] as const;
const EVENTS_SUFFIX = '_events';

export function migrateUnversioned(value: Record<string, unknown>, source: string, notes: string[]): State {
  const bookmarks = value['bookmarks'] ?? {};
  if (!isObject(bookmarks)) throw new ConfigError(`${source}: "bookmarks" must be an object`);
  const state = emptyState();
  const cursors: number[] = [];
  const renamed: string[] = [];
  for (const [stream, entry] of Object.entries(bookmarks)) {
    const where = `${source}: bookmarks.${stream}`;
    if (!isObject(entry)) throw new ConfigError(`${where} must be an object`);
    if (stream.endsWith(EVENTS_SUFFIX) && entry['updates_created'] !== undefined) {
      const at = toUnixSeconds(readTime(entry['updates_created'], `${where}.updates_created`));
      if (findStream(stream.slice(0, -EVENTS_SUFFIX.length))) cursors.push(at);
      continue;
    }
    const created = bookmarkTime(entry, where, stream);
    const now = RENAMED[stream];
    if (now !== undefined && !findStream(stream)) {
      renamed.push(`${now} (${stream} there)`);
      continue;
    }
    state.bookmarks[stream] = { created };
    if (findStream(stream)) cursors.push(toUnixSeconds(created));
  }
  // bookmarks of streams the tap does not have (another tap's, a removed stream) say nothing about its streams
  if (cursors.length > 0) state.events = { created: toRfc3339(Math.min(...cursors)) };
  const migrated = Object.keys(state.bookmarks).filter((s) => findStream(s) !== undefined);
  if (migrated.length > 0 || renamed.length > 0) {
    const moved = migrated.length > 0 ? `bookmarks of ${migrated.join(', ')} migrated, events cursor ${state.events?.created ?? 'none'}` : 'no bookmark migrated';
    const fresh = renamed.length > 0 ? `; read from the start, as their tables are new: ${renamed.join(', ')}` : '';
    notes.push(`${source}: a state without a version (singer-io/tap-stripe's format, or Airbyte STREAM states): ${moved}${fresh}`);
  }
  return state;
}

/** The one time an entry bookmarks (`created`, or singer-io's `date`), or a ConfigError saying why there is none. */
function bookmarkTime(entry: Record<string, unknown>, where: string, stream: string): string {
  const times = TIME_KEYS.filter((k) => entry[k] !== undefined).map((k) => ({ key: k, at: readTime(entry[k], `${where}.${k}`) }));
  const [first, second] = times;
  if (!first) {
    const keys = Object.keys(entry);
    throw new ConfigError(`${where} holds no time tap-stripe can read (${keys.length > 0 ? `keys: ${keys.join(', ')}` : 'it is empty'}; expected created); remove the entry to read ${stream} from its start`);
  }
  if (second && second.at !== first.at) {
    throw new ConfigError(`${where} has both created (${first.at}) and date (${second.at}), which disagree; keep the one the stream was read by`);
  }
  return first.at;
}
