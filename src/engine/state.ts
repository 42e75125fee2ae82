import { ConfigError } from '../errors';
import { isObject } from '../json-file';
import { toRfc3339, toUnixSeconds } from '../time';

export const STATE_VERSION = 1;

/** The tap's state: one `created` bookmark (RFC3339) per stream that syncs by windows. */
export interface State {
  version: typeof STATE_VERSION;
  bookmarks: Record<string, { created: string }>;
}

export function emptyState(): State {
  return { version: STATE_VERSION, bookmarks: {} };
}

/** Later than this a number cannot be unix seconds (year 2286): it is milliseconds or garbage. */
const MAX_SECONDS = 9_999_999_999;

/**
 * Reads a state file's content. Accepts this tap's versioned state, a Singer STATE message's `value`
 * wrapper, and the unversioned `{"bookmarks": {"<stream>": {"created": <unix or RFC3339>}}}` of older
 * Stripe taps (migrated). Anything else is a ConfigError saying what is wrong and where.
 */
export function parseState(raw: unknown, source = 'state'): State {
  if (!isObject(raw)) throw new ConfigError(`${source}: must be a JSON object`);
  const value = isObject(raw['value']) && raw['type'] === 'STATE' ? raw['value'] : raw;
  if (Object.keys(value).length === 0) return emptyState();
  const version = value['version'];
  if (version !== undefined && version !== STATE_VERSION) {
    throw new ConfigError(`${source}: state version ${JSON.stringify(version)} is not supported (this tap writes version ${STATE_VERSION}); start without --state or use a matching tap version`);
  }
  const bookmarks = value['bookmarks'] ?? {};
  if (!isObject(bookmarks)) throw new ConfigError(`${source}: "bookmarks" must be an object`);
  const state = emptyState();
  for (const [stream, entry] of Object.entries(bookmarks)) {
    const where = `${source}: bookmarks.${stream}.created`;
    if (!isObject(entry)) throw new ConfigError(`${source}: bookmarks.${stream} must be an object`);
    const created = entry['created'];
    if (typeof created === 'number' && Number.isInteger(created) && created >= 0 && created <= MAX_SECONDS) {
      state.bookmarks[stream] = { created: toRfc3339(created) };
    } else if (typeof created === 'string' && !Number.isNaN(toUnixSeconds(created))) {
      state.bookmarks[stream] = { created: toRfc3339(toUnixSeconds(created)) };
    } else {
      throw new ConfigError(`${where} must be an RFC3339 date-time with a time zone (or unix seconds), got ${JSON.stringify(created)}`);
    }
  }
  return state;
}

export function bookmarkOf(state: State, stream: string): number | undefined {
  const entry = state.bookmarks[stream];
  return entry ? toUnixSeconds(entry.created) : undefined;
}

/** A new state with the stream's bookmark at `seconds`; bookmarks never move backwards. */
export function withBookmark(state: State, stream: string, seconds: number): State {
  const current = bookmarkOf(state, stream);
  if (current !== undefined && current >= seconds) return state;
  return { ...state, bookmarks: { ...state.bookmarks, [stream]: { created: toRfc3339(seconds) } } };
}
