import { ConfigError } from '../errors';
import { isObject } from '../json-file';
import { findStream } from '../streams';
import { toRfc3339, toUnixSeconds } from '../time';
import { migrateUnversioned } from './state-migrate';

export const STATE_VERSION = 2;

/** A stream's bookmark: where its history has been read to, and (rarely) its own events cursor. */
export interface Bookmark {
  /** History: every object created before this has been emitted (RFC3339). */
  created: string;
  /**
   * Changes: every change before this has been emitted, when it differs from the state's events cursor (a
   * stream left out of a run's catalog keeps the cursor it had, so that selecting it again catches up).
   */
  events?: string;
  /**
   * While a stream's history is read again (the 30-day rule): objects created before this were synced before
   * that re-read began, so the warehouse may hold later versions of them. Dropped once `created` passes it.
   */
  synced?: string;
}

/**
 * The tap's state: one `created` bookmark (RFC3339) per stream that syncs by windows, the events cursor of
 * change capture, and the ids of deletable full-table streams (to tombstone the ones that disappear).
 */
export interface State {
  version: typeof STATE_VERSION;
  bookmarks: Record<string, Bookmark>;
  /** Every change Stripe recorded before this time has been emitted for every stream with a bookmark. */
  events?: { created: string };
  /** Ids a deletable full-table stream emitted in its last complete read. */
  full?: Record<string, { ids: string[] }>;
}

/** The bookmark of a stream whose history is read again: none of it read yet, but synced before. */
export const REREAD_BOOKMARK = toRfc3339(0);

export function emptyState(): State {
  return { version: STATE_VERSION, bookmarks: {} };
}

/** Later than this a number cannot be unix seconds (year 2286): it is milliseconds or garbage. */
const MAX_SECONDS = 9_999_999_999;

/** A time in a state file: RFC3339 with a zone, or unix seconds. Anything else is a ConfigError naming `where`. */
export function readTime(value: unknown, where: string): string {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_SECONDS) return toRfc3339(value);
  if (typeof value === 'string' && !Number.isNaN(toUnixSeconds(value))) return toRfc3339(toUnixSeconds(value));
  const why = typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(value)
    ? ' (it has no time zone: a time without one is not read in local time; add Z or an offset)'
    : typeof value === 'number' && value > MAX_SECONDS ? ' (milliseconds? the tap reads unix seconds)' : '';
  throw new ConfigError(`${where} must be an RFC3339 date-time with a time zone (or unix seconds), got ${JSON.stringify(value)}${why}`);
}

/**
 * Reads a state file's content. Accepts this tap's versioned state, a Singer STATE message's `value`
 * wrapper, Meltano's `singer_state` wrapper, version 1 of this tap's state, and the unversioned state of older
 * Stripe taps (state-migrate.ts). Anything else is a ConfigError saying what is wrong and where; what a
 * migration did is added to `notes`.
 */
export function parseState(raw: unknown, source = 'state', notes: string[] = []): State {
  if (!isObject(raw)) throw new ConfigError(`${source}: must be a JSON object${Array.isArray(raw) ? ', got an array' : ''}`);
  const unwrapped = isObject(raw['value']) && raw['type'] === 'STATE' ? raw['value'] : raw;
  const value = isObject(unwrapped['singer_state']) && unwrapped['bookmarks'] === undefined ? unwrapped['singer_state'] : unwrapped;
  if (Object.keys(value).length === 0) return emptyState();
  const version = value['version'];
  if (typeof version === 'number' && Number.isInteger(version) && version > STATE_VERSION) {
    throw new ConfigError(`${source}: state version ${version} is not supported (this tap writes version ${STATE_VERSION}): it was written by a newer tap-stripe; upgrade, or start without --state`);
  }
  if (version !== undefined && version !== 1 && version !== STATE_VERSION) {
    throw new ConfigError(`${source}: state version ${JSON.stringify(version)} is not supported (this tap writes version ${STATE_VERSION}); start without --state or use a matching tap version`);
  }
  if (version === undefined) return migrateUnversioned(value, source, notes);
  const bookmarks = value['bookmarks'] ?? {};
  if (!isObject(bookmarks)) throw new ConfigError(`${source}: "bookmarks" must be an object`);
  const state = emptyState();
  for (const [stream, entry] of Object.entries(bookmarks)) {
    if (!isObject(entry)) throw new ConfigError(`${source}: bookmarks.${stream} must be an object`);
    const bookmark: Bookmark = { created: readTime(entry['created'], `${source}: bookmarks.${stream}.created`) };
    if (entry['events'] !== undefined) bookmark.events = readTime(entry['events'], `${source}: bookmarks.${stream}.events`);
    if (entry['synced'] !== undefined) bookmark.synced = readTime(entry['synced'], `${source}: bookmarks.${stream}.synced`);
    state.bookmarks[stream] = bookmark;
  }
  if (version === STATE_VERSION) {
    readEventsCursor(value, state, source);
    readFull(value, state, source);
  } else {
    // bookmarks of streams the tap does not have (another tap's, a removed stream) say nothing about its streams
    const known = Object.entries(state.bookmarks).filter(([stream]) => findStream(stream) !== undefined);
    const oldest = Math.min(...known.map(([, b]) => toUnixSeconds(b.created)));
    if (Number.isFinite(oldest)) state.events = { created: toRfc3339(oldest) };
  }
  return state;
}

/** How far a state's times may run ahead of Stripe's clock (its clock and the machine's may differ a little). */
export const CLOCK_SKEW_SECONDS = 300;

/**
 * The first time in the state that lies ahead of `now` (Stripe's clock), as `bookmarks.charges.created
 * 2031-…`: a state from another clock, or edited by hand. Such a stream would read nothing until then.
 */
export function timeAhead(state: State, now: number): string | undefined {
  const times: [string, string | undefined][] = [
    ...Object.entries(state.bookmarks).flatMap(([stream, b]): [string, string | undefined][] => [
      [`bookmarks.${stream}.created`, b.created], [`bookmarks.${stream}.events`, b.events], [`bookmarks.${stream}.synced`, b.synced],
    ]),
    ['events.created', state.events?.created],
  ];
  const ahead = times.find(([, at]) => at !== undefined && toUnixSeconds(at) > now + CLOCK_SKEW_SECONDS);
  return ahead ? `${ahead[0]} ${ahead[1]!}` : undefined;
}

function readEventsCursor(value: Record<string, unknown>, state: State, source: string): void {
  const events = value['events'];
  if (events === undefined) return;
  if (!isObject(events)) throw new ConfigError(`${source}: "events" must be an object`);
  state.events = { created: readTime(events['created'], `${source}: events.created`) };
}

function readFull(value: Record<string, unknown>, state: State, source: string): void {
  const full = value['full'];
  if (full === undefined) return;
  if (!isObject(full)) throw new ConfigError(`${source}: "full" must be an object`);
  state.full = {};
  for (const [stream, entry] of Object.entries(full)) {
    const ids = isObject(entry) ? entry['ids'] : undefined;
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
      throw new ConfigError(`${source}: full.${stream}.ids must be an array of ids`);
    }
    state.full[stream] = { ids: ids as string[] };
  }
}

export function bookmarkOf(state: State, stream: string): number | undefined {
  const entry = state.bookmarks[stream];
  return entry ? toUnixSeconds(entry.created) : undefined;
}

/** A new state with the stream's bookmark at `seconds`; bookmarks never move backwards. */
export function withBookmark(state: State, stream: string, seconds: number): State {
  const current = state.bookmarks[stream];
  if (current !== undefined && toUnixSeconds(current.created) >= seconds) return state;
  const { synced, ...rest } = current ?? {};
  const bookmark: Bookmark = { ...rest, created: toRfc3339(seconds), ...(synced && toUnixSeconds(synced) > seconds ? { synced } : {}) };
  return { ...state, bookmarks: { ...state.bookmarks, [stream]: bookmark } };
}

/**
 * Objects of a stream created before this (unix seconds) may be in the warehouse already: its bookmark, or
 * where a re-read under way began from (`synced`); all of them while a re-read has read nothing yet.
 */
export function syncedBefore(state: State, stream: string): number | undefined {
  const entry = state.bookmarks[stream];
  if (!entry) return undefined;
  const synced = entry.synced === undefined ? Number.NEGATIVE_INFINITY : toUnixSeconds(entry.synced);
  const created = toUnixSeconds(entry.created);
  const rereadNotBegun = entry.created === REREAD_BOOKMARK && synced === Number.NEGATIVE_INFINITY;
  return rereadNotBegun ? Number.POSITIVE_INFINITY : Math.max(created, synced);
}

/** The events cursor that applies to a stream (its own, else the state's), or undefined. */
export function eventsCursorOf(state: State, stream: string): number | undefined {
  const own = state.bookmarks[stream]?.events ?? state.events?.created;
  return own === undefined ? undefined : toUnixSeconds(own);
}
