import { DELETED_AT, UPDATED } from './engine/emit';
import { ConfigError } from './errors';
import type { SchemaNode } from './engine/transform';
import { isObject } from './json-file';
import { METADATA_KEY, withColumns } from './metadata-columns';
import { streamSchema } from './schemas';
import { findStream, rootOf, STREAMS, type StreamDef } from './streams';
import { RENAMED } from './streams/renamed';
import { closestName } from './suggest';

export interface MetadataEntry {
  breadcrumb: string[];
  metadata: Record<string, unknown>;
}

export interface CatalogEntry {
  tap_stream_id: string;
  stream: string;
  schema: SchemaNode;
  key_properties: string[];
  replication_method: 'INCREMENTAL' | 'FULL_TABLE';
  replication_key?: string;
  metadata: MetadataEntry[];
}

export interface Catalog {
  streams: CatalogEntry[];
}

/** A stream chosen for this run, with the schema the catalog gave it and the fields left out. */
export interface Selection {
  def: StreamDef;
  schema: SchemaNode;
  deselected: Set<string>;
  /** Custom-field columns: column → metadata key. */
  metadataColumns: Map<string, string>;
}

export function replicationKey(def: StreamDef): string | undefined {
  return def.kind === 'top' && def.replication === 'created' ? (def.replicationKey ?? 'created') : undefined;
}

/**
 * The fields a target may take as the replication key: the bookmarked one, and `updated` (change capture's
 * column, newest version greatest) on every stream but the snapshot.
 */
export function validReplicationKeys(def: StreamDef): string[] {
  const key = replicationKey(def);
  const changes = !(def.kind === 'top' && def.replication === 'snapshot');
  return [...(key ? [key] : []), ...(changes ? [UPDATED] : [])];
}

/** Fields never left out of a record: the key, the bookmark, and the tombstone column. */
export function automaticFields(def: StreamDef): Set<string> {
  const key = replicationKey(def);
  return new Set([...def.keyProperties, ...(key ? [key] : []), DELETED_AT]);
}

/** Incremental when the stream (or its parent) moves a bookmark. */
export function replicationMethod(def: StreamDef): 'INCREMENTAL' | 'FULL_TABLE' {
  return rootOf(def).replication === 'created' ? 'INCREMENTAL' : 'FULL_TABLE';
}

export function catalogEntry(def: StreamDef, columns: ReadonlyMap<string, string> = new Map()): CatalogEntry {
  const schema = withColumns(streamSchema(def.name), columns);
  const key = replicationKey(def);
  const automatic = automaticFields(def);
  const streamMetadata: Record<string, unknown> = {
    inclusion: 'available',
    'selected-by-default': true,
    'table-key-properties': def.keyProperties,
    'forced-replication-method': replicationMethod(def),
    'valid-replication-keys': validReplicationKeys(def),
  };
  if (def.kind === 'child') streamMetadata['parent-tap-stream-id'] = def.parent;
  return {
    tap_stream_id: def.name,
    stream: def.name,
    schema,
    key_properties: def.keyProperties,
    replication_method: replicationMethod(def),
    ...(key ? { replication_key: key } : {}),
    metadata: [
      { breadcrumb: [], metadata: streamMetadata },
      ...Object.keys(schema.properties ?? {}).map((name) => ({
        breadcrumb: ['properties', name],
        metadata: {
          inclusion: automatic.has(name) ? 'automatic' : 'available',
          ...(columns.has(name) ? { [METADATA_KEY]: columns.get(name) } : {}),
        },
      })),
    ],
  };
}

/** The full catalog, with discovered custom-field columns (stream → column → metadata key) where given. */
export function buildCatalog(columns: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map()): Catalog {
  return { streams: STREAMS.map((def) => catalogEntry(def, columns.get(def.name))) };
}

/** Every stream, as when no catalog is given. */
export function selectAll(): Selection[] {
  return STREAMS.map((def) => ({ def, schema: streamSchema(def.name), deselected: new Set<string>(), metadataColumns: new Map<string, string>() }));
}

/** ` (did you mean invoice_lines?)`, or ''. */
export function streamHint(name: string): string {
  const close = RENAMED[name] ?? closestName(name, STREAMS.map((s) => s.name));
  return close ? ` (did you mean ${close}?)` : '';
}

/** An Airbyte catalog names its streams `stream.name` and gives each a `sync_mode`; a Singer one has `tap_stream_id`. */
function isAirbyteCatalog(raw: Record<string, unknown>): boolean {
  if (raw['type'] === 'CATALOG' || (isObject(raw['catalog']) && Array.isArray(raw['catalog']['streams']))) return true;
  const streams = Array.isArray(raw['streams']) ? raw['streams'] : [];
  return streams.some((s: unknown) => isObject(s) && s['tap_stream_id'] === undefined
    && (isObject(s['stream']) || s['sync_mode'] !== undefined || s['destination_sync_mode'] !== undefined));
}

/**
 * The selected streams of a Singer catalog (`selected` in the stream's `breadcrumb: []` metadata, else the
 * legacy `schema.selected`, else `selected-by-default`). Fields whose metadata says `selected: false` are left out.
 * A catalog that selects nothing, names a stream, a field or a parent tap-stripe does not have, or is an
 * Airbyte catalog, is a ConfigError saying where.
 */
export function parseCatalog(raw: unknown, source: string): Selection[] {
  if (isObject(raw) && isAirbyteCatalog(raw)) {
    throw new ConfigError(`${source}: this is an Airbyte catalog (streams[].stream and sync_mode); Singer mode reads a Singer catalog (tap-stripe --discover), or run with --protocol airbyte`);
  }
  if (!isObject(raw) || !Array.isArray(raw['streams'])) {
    throw new ConfigError(`${source}: must be a JSON object with a "streams" array${Array.isArray(raw) ? ', got an array' : ''}`);
  }
  const selections: Selection[] = [];
  let known = 0;
  raw['streams'].forEach((entry: unknown, index: number) => {
    const where = `${source}: streams[${index}]`;
    if (!isObject(entry)) throw new ConfigError(`${where} must be an object`);
    const id = entry['tap_stream_id'] ?? entry['stream'];
    if (typeof id !== 'string') throw new ConfigError(`${where} has no "tap_stream_id"`);
    const metadata = entry['metadata'] ?? [];
    if (!Array.isArray(metadata)) throw new ConfigError(`${where} (${id}): "metadata" must be an array`);
    const rawSchema = entry['schema'] ?? {};
    if (!isObject(rawSchema)) throw new ConfigError(`${where} (${id}): "schema" must be an object`);
    const def = findStream(id);
    if (def) known += 1;
    if (!isSelected(metadata, rawSchema)) return; // unselected entries may name streams of other versions
    if (!def) throw new ConfigError(`${where}: "${id}" is selected but is not a tap-stripe stream${streamHint(id)} (run discover for the list)`);
    checkParent(def, metadata, `${where} (${id})`);
    const schema = entry['schema'] === undefined ? streamSchema(id) : rawSchema;
    const deselected = deselectedFields(metadata, def);
    checkFields(deselected, def, schema as SchemaNode, `${where} (${id})`);
    selections.push({ def, schema: schema as SchemaNode, deselected, metadataColumns: metadataColumns(metadata) });
  });
  if (selections.length > 0) return selections;
  if (known === 0 && raw['streams'].length > 0) {
    throw new ConfigError(`${source}: none of its ${raw['streams'].length} stream(s) is a tap-stripe stream (a catalog of another tap?); run tap-stripe --discover for one`);
  }
  throw new ConfigError(`${source}: no stream is selected; set "selected": true in the metadata of the streams to sync (breadcrumb []), or leave --catalog out to sync every stream`);
}

/** A child's `parent-tap-stream-id`, where the catalog gives one, must be its parent here (else the catalog is of another tap). */
function checkParent(def: StreamDef, metadata: unknown[], where: string): void {
  const parent = streamMetadata(metadata)['parent-tap-stream-id'];
  if (parent === undefined) return;
  const actual = def.kind === 'child' ? def.parent : undefined;
  if (parent === actual) return;
  const known = typeof parent === 'string' && findStream(parent) ? '' : ', which is not a tap-stripe stream';
  throw new ConfigError(`${where}: its parent-tap-stream-id is ${JSON.stringify(parent)}${known}, but ${actual ? `its parent is ${actual}` : 'it has no parent'}; run tap-stripe --discover for a current catalog`);
}

/** A field deselected in the metadata must exist: a typo would otherwise sync the column it meant to leave out. */
function checkFields(deselected: ReadonlySet<string>, def: StreamDef, schema: SchemaNode, where: string): void {
  const known = new Set([...Object.keys(streamSchema(def.name).properties ?? {}), ...Object.keys(schema.properties ?? {})]);
  for (const field of deselected) {
    if (!known.has(field)) {
      throw new ConfigError(`${where}: metadata deselects the field "${field}", which ${def.name} does not have${didYouMeanField(field, [...known])}`);
    }
  }
}

function didYouMeanField(field: string, known: string[]): string {
  const close = closestName(field, known);
  return close ? ` (did you mean ${close}?)` : '';
}

function streamMetadata(metadata: unknown[]): Record<string, unknown> {
  const entry = metadata.find((m) => isObject(m) && Array.isArray(m['breadcrumb']) && m['breadcrumb'].length === 0);
  return isObject(entry) && isObject(entry['metadata']) ? entry['metadata'] : {};
}

function isSelected(metadata: unknown[], schema: Record<string, unknown>): boolean {
  const md = streamMetadata(metadata);
  const selected = md['selected'] ?? schema['selected'] ?? md['selected-by-default'];
  return selected === true;
}

function deselectedFields(metadata: unknown[], def: StreamDef): Set<string> {
  const keep = automaticFields(def);
  const out = new Set<string>();
  for (const m of metadata) {
    if (!isObject(m) || !Array.isArray(m['breadcrumb']) || !isObject(m['metadata'])) continue;
    const [kind, name] = m['breadcrumb'] as unknown[];
    if (kind === 'properties' && typeof name === 'string' && m['metadata']['selected'] === false && !keep.has(name)) {
      out.add(name);
    }
  }
  return out;
}

function metadataColumns(metadata: unknown[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of metadata) {
    if (!isObject(m) || !Array.isArray(m['breadcrumb']) || !isObject(m['metadata'])) continue;
    const [kind, name] = m['breadcrumb'] as unknown[];
    const key = m['metadata'][METADATA_KEY];
    if (kind === 'properties' && typeof name === 'string' && typeof key === 'string') out.set(name, key);
  }
  return out;
}
