/**
 * Airbyte catalogs from the Singer catalog (one source of truth): discover's AirbyteCatalog is the Singer
 * catalog translated, and a ConfiguredAirbyteCatalog is translated back into a Singer catalog that
 * `parseCatalog` reads, so selection rules are the same in both protocols.
 */
import { catalogEntry, parseCatalog, streamHint, type Catalog, type CatalogEntry, type Selection } from '../catalog';
import { DELETED_AT } from '../engine/emit';
import { ConfigError } from '../errors';
import { isObject } from '../json-file';
import { METADATA_KEY } from '../metadata-columns';
import { findStream, type JsonObject } from '../streams';
import { fromAirbyteColumn, toAirbyteColumns } from './columns';

export type SyncMode = 'full_refresh' | 'incremental';

/**
 * A configured read: the selections for the engine, which streams read incrementally, and the fields each
 * stream's records carry (Airbyte's names: the configured json_schema's, keys and cursor always).
 */
export interface ConfiguredRead {
  selections: Selection[];
  incremental: Set<string>;
  fields: Map<string, Set<string>>;
}

function streamMetadata(entry: CatalogEntry): Record<string, unknown> {
  return entry.metadata.find((m) => m.breadcrumb.length === 0)?.metadata ?? {};
}

/** The cursor fields a stream accepts: the Singer catalog's `valid-replication-keys`. */
function validCursors(entry: CatalogEntry): string[] {
  const keys = streamMetadata(entry)['valid-replication-keys'];
  return Array.isArray(keys) ? keys.map(String) : [];
}

function syncModes(entry: CatalogEntry): SyncMode[] {
  return streamMetadata(entry)['forced-replication-method'] === 'INCREMENTAL' ? ['full_refresh', 'incremental'] : ['full_refresh'];
}

/**
 * One AirbyteStream. The source defines the cursor (history by `created` windows, changes by events), and
 * every incremental stream is resumable: its state moves only over records already emitted.
 */
export function airbyteStream(entry: CatalogEntry): JsonObject {
  const incremental = syncModes(entry).includes('incremental');
  // `updated` grows with every version (and a tombstone's is its deletion), so deduplication by cursor keeps
  // the newest; `created` would tie every version of an object
  const valid = validCursors(entry);
  const cursor = !incremental ? undefined : valid.includes('updated') ? 'updated' : entry.replication_key ?? valid[0];
  return {
    name: entry.stream,
    json_schema: airbyteSchema(entry),
    supported_sync_modes: syncModes(entry),
    source_defined_cursor: incremental,
    ...(cursor ? { default_cursor_field: [cursor] } : {}),
    source_defined_primary_key: entry.key_properties.map((k) => [k]),
    is_resumable: incremental,
  };
}

export function airbyteCatalog(catalog: Catalog): JsonObject {
  return { streams: catalog.streams.map(airbyteStream) };
}

/** The stream's schema with Airbyte's column names; custom-field columns keep their metadata key inline. */
function airbyteSchema(entry: CatalogEntry): JsonObject {
  const properties: Record<string, JsonObject> = { ...(entry.schema.properties ?? {}) } as Record<string, JsonObject>;
  for (const m of entry.metadata) {
    const [kind, name] = m.breadcrumb;
    const key = m.metadata[METADATA_KEY];
    if (kind === 'properties' && name !== undefined && typeof key === 'string' && properties[name]) {
      properties[name] = { ...properties[name], [METADATA_KEY]: key };
    }
  }
  return { ...(entry.schema as JsonObject), properties: toAirbyteColumns(properties) };
}

/** Reads `read --catalog`: a ConfiguredAirbyteCatalog. Any problem is a ConfigError saying where. */
export function parseConfiguredCatalog(raw: unknown, source: string): ConfiguredRead {
  if (isObject(raw) && raw['type'] === 'CATALOG') {
    throw new ConfigError(`${source}: this is discover's CATALOG message; read needs a ConfiguredAirbyteCatalog (each stream with its sync_mode and destination_sync_mode)`);
  }
  if (!isObject(raw) || !Array.isArray(raw['streams'])) throw new ConfigError(`${source}: must be a ConfiguredAirbyteCatalog (an object with a "streams" array)`);
  if (raw['streams'].some((s: unknown) => isObject(s) && typeof s['tap_stream_id'] === 'string' && !isObject(s['stream']))) {
    throw new ConfigError(`${source}: this is a Singer catalog (streams[].tap_stream_id); Airbyte mode reads a ConfiguredAirbyteCatalog (streams[].stream, sync_mode, destination_sync_mode), or run with --protocol singer`);
  }
  if (raw['streams'].length === 0) throw new ConfigError(`${source}: configures no stream; add the streams to sync (from discover's catalog)`);
  const incremental = new Set<string>();
  const fields = new Map<string, Set<string>>();
  const seen = new Set<string>();
  const entries = raw['streams'].map((configured: unknown, index: number) => {
    const where = `${source}: streams[${index}]`;
    const stream = isObject(configured) ? configured['stream'] : undefined;
    if (!isObject(configured) || !isObject(stream) || typeof stream['name'] !== 'string') throw new ConfigError(`${where} needs "stream.name"`);
    const name = stream['name'];
    const def = findStream(name);
    if (!def) throw new ConfigError(`${where}: "${name}" is not a tap-stripe stream${streamHint(name)} (run discover for the list)`);
    if (seen.has(name)) throw new ConfigError(`${where}: "${name}" is configured twice`);
    seen.add(name);
    const entry = catalogEntry(def, metadataColumns(stream['json_schema']));
    const mode = configured['sync_mode'] ?? 'full_refresh';
    if (!syncModes(entry).includes(mode as SyncMode)) {
      throw new ConfigError(`${where} (${name}): sync_mode ${JSON.stringify(mode)} is not supported (supported: ${syncModes(entry).join(', ')})`);
    }
    if (mode === 'incremental') {
      checkCursor(configured['cursor_field'], entry, `${where} (${name})`);
      incremental.add(name);
    }
    const listed = selectedFields(stream['json_schema']);
    // keys, cursors and the delete column always travel: deduplication and deletes depend on them
    const chosen = listed && new Set([...listed, ...entry.key_properties, ...validCursors(entry), DELETED_AT]);
    if (chosen) fields.set(name, new Set([...chosen].map(airbyteName)));
    return selected(entry, chosen);
  });
  return { selections: parseCatalog({ streams: entries }, source), incremental, fields };
}

/** The source defines the cursor: a cursor_field, when given, must be one the stream can sync by. */
function checkCursor(cursor: unknown, entry: CatalogEntry, where: string): void {
  if (cursor === undefined || (Array.isArray(cursor) && cursor.length === 0)) return;
  const valid = validCursors(entry);
  const name = Array.isArray(cursor) && cursor.length === 1 ? fromAirbyteColumn(String(cursor[0])) : undefined;
  if (name === undefined || !valid.includes(name)) {
    const allowed = valid.length > 0 ? `one of ${valid.map((v) => JSON.stringify([v])).join(', ')}` : 'left empty (the cursor is its parent\'s)';
    throw new ConfigError(`${where}: cursor_field ${JSON.stringify(cursor)} is not supported; it must be ${allowed}`);
  }
}

/** The tap's names of the fields a configured json_schema lists (undefined: it lists none, so all). */
function selectedFields(jsonSchema: unknown): Set<string> | undefined {
  const properties = isObject(jsonSchema) && isObject(jsonSchema['properties']) ? jsonSchema['properties'] : undefined;
  return properties ? new Set(Object.keys(properties).map(fromAirbyteColumn)) : undefined;
}

function airbyteName(field: string): string {
  return Object.keys(toAirbyteColumns({ [field]: true }))[0]!;
}

/** The Singer entry, selected, with the fields the configured json_schema left out deselected. */
function selected(entry: CatalogEntry, chosen: Set<string> | undefined): CatalogEntry {
  return {
    ...entry,
    metadata: entry.metadata.map((m) => {
      if (m.breadcrumb.length === 0) return { ...m, metadata: { ...m.metadata, selected: true } };
      const field = m.breadcrumb[1];
      return chosen && field !== undefined && !chosen.has(field) ? { ...m, metadata: { ...m.metadata, selected: false } } : m;
    }),
  };
}

/** Custom-field columns of a configured json_schema: column → metadata key (kept inline by discover). */
function metadataColumns(jsonSchema: unknown): Map<string, string> {
  const columns = new Map<string, string>();
  const properties = isObject(jsonSchema) ? jsonSchema['properties'] : undefined;
  if (!isObject(properties)) return columns;
  for (const [column, schema] of Object.entries(properties)) {
    if (isObject(schema) && typeof schema[METADATA_KEY] === 'string') columns.set(column, schema[METADATA_KEY]);
  }
  return columns;
}
