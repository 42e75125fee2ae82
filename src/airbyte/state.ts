/**
 * The tap's state object in Airbyte's terms, both ways. Per stream, the state is `bookmarks[<stream>]`;
 * every other top-level key (version, the events cursor, anything added later) is shared by all streams.
 * Because a shared cursor exists, the tap emits GLOBAL state: `shared_state` holds the shared keys and
 * `stream_states` one entry per incremental stream. Never LEGACY.
 */
import { lookupNames } from '../engine/family';
import type { State } from '../engine/state';
import { ConfigError } from '../errors';
import { isObject } from '../json-file';
import type { JsonObject } from '../streams';

/**
 * One STATE AirbyteMessage for the tap state `value`, carrying the given streams' bookmarks. The bookmarks
 * of their lookups (`reviews_from_charges`) have no stream of Airbyte's catalog to carry them: they travel in
 * `shared_state.lookups`.
 */
export function toAirbyteState(value: JsonObject, streams: readonly string[], recordCount: number): JsonObject {
  const { bookmarks, ...shared } = value;
  const marks = isObject(bookmarks) ? bookmarks : {};
  const lookups = Object.fromEntries(lookupNames(streams).filter((name) => isObject(marks[name])).map((name) => [name, marks[name]]));
  return {
    type: 'STATE',
    state: {
      type: 'GLOBAL',
      global: {
        shared_state: Object.keys(lookups).length > 0 ? { ...shared, lookups } : shared,
        stream_states: streams.map((name) => ({ stream_descriptor: { name }, stream_state: isObject(marks[name]) ? marks[name] : {} })),
      },
      sourceStats: { recordCount },
    },
  };
}

/**
 * The state a read starts from: the bookmarks of the streams configured incremental. A full_refresh stream
 * reads all history, and Airbyte drops the state of a stream removed from the connection.
 */
export function stateForRead(state: State, incremental: ReadonlySet<string>): State {
  const keep = new Set([...incremental, ...lookupNames(incremental)]);
  return { ...state, bookmarks: Object.fromEntries(Object.entries(state.bookmarks).filter(([stream]) => keep.has(stream))) };
}

/**
 * What `read --state` receives back, as the tap state object `parseState` reads. Airbyte passes a JSON array
 * of state messages (GLOBAL, or STREAM for per-stream state); a single message, a whole STATE AirbyteMessage
 * and an empty object are accepted too, and an object that is no state message is read as the tap's own state.
 */
export function fromAirbyteState(raw: unknown, source: string): JsonObject {
  if (Array.isArray(raw)) {
    const merged: JsonObject = {};
    raw.forEach((message, index) => merge(merged, translate(message, `${source}: [${index}]`)));
    return merged;
  }
  if (isObject(raw) && (isStateMessage(raw) || raw['type'] === 'STATE')) return translate(raw, source);
  if (!isObject(raw)) throw new ConfigError(`${source}: must be a JSON array of Airbyte state messages`);
  return raw;
}

function isStateMessage(raw: Record<string, unknown>): boolean {
  return ['GLOBAL', 'STREAM', 'LEGACY'].includes(String(raw['type']));
}

function translate(raw: unknown, where: string): JsonObject {
  if (!isObject(raw)) throw new ConfigError(`${where} must be an Airbyte state message (an object)`);
  const message = raw['type'] === 'STATE' && isObject(raw['state']) ? raw['state'] : raw;
  switch (message['type']) {
    case 'GLOBAL': {
      const global = message['global'];
      if (!isObject(global) || !Array.isArray(global['stream_states'])) throw new ConfigError(`${where}: a GLOBAL state needs "global.stream_states" (an array)`);
      const shared = global['shared_state'] ?? {};
      if (!isObject(shared)) throw new ConfigError(`${where}: "global.shared_state" must be an object`);
      const { lookups, ...rest } = shared;
      const bookmarks: JsonObject = isObject(lookups) ? { ...lookups } : {};
      global['stream_states'].forEach((s: unknown, i: number) => Object.assign(bookmarks, streamEntry(s, `${where}.global.stream_states[${i}]`)));
      return { ...rest, bookmarks };
    }
    case 'STREAM':
      return { bookmarks: streamEntry(message['stream'], `${where}.stream`) };
    case 'LEGACY':
    case undefined:
      if (isObject(message['data'])) return message['data'];
      throw new ConfigError(`${where}: a LEGACY state needs "data" (an object)`);
    default:
      throw new ConfigError(`${where}: unknown state type ${JSON.stringify(message['type'])} (expected GLOBAL or STREAM)`);
  }
}

/** `{<stream>: <stream_state>}`, or nothing for an empty stream state (a stream without a bookmark yet). */
function streamEntry(raw: unknown, where: string): JsonObject {
  const descriptor = isObject(raw) ? raw['stream_descriptor'] : undefined;
  if (!isObject(raw) || !isObject(descriptor) || typeof descriptor['name'] !== 'string') {
    throw new ConfigError(`${where} needs "stream_descriptor.name"`);
  }
  const state = raw['stream_state'] ?? {};
  if (!isObject(state)) throw new ConfigError(`${where}.stream_state must be an object`);
  return Object.keys(state).length === 0 ? {} : { [descriptor['name']]: state };
}

function merge(into: JsonObject, part: JsonObject): void {
  const { bookmarks, ...shared } = part;
  Object.assign(into, shared);
  if (isObject(bookmarks)) into['bookmarks'] = { ...(isObject(into['bookmarks']) ? into['bookmarks'] : {}), ...bookmarks };
}
