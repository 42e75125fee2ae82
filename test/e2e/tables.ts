/**
 * Warehouse tables rebuilt from a tap's output the way a Singer target does (upsert by key in emission order,
 * delete where `_sdc_deleted_at` is set), and the same tables from the fake account's ground truth.
 */
import { conformToSchema } from '../../src/engine/transform';
import type { Dataset } from '../../src/fake';
import { streamSchema } from '../../src/schemas';
import { childOnlyFields } from '../../src/engine/family';
import { findStream, type JsonObject } from '../../src/streams';
import type { Message } from './tap';

export type Table = Map<string, JsonObject>;

const keyOf = (keys: readonly string[], record: JsonObject): string => JSON.stringify(keys.map((k) => record[k] ?? null));

/** The RECORD messages, each with its stream's table (made when missing) and its key there. */
function* rows(tables: Map<string, Table>, messages: readonly Message[]): Generator<{ table: Table; key: string; record: JsonObject }> {
  for (const m of messages) {
    if (m.type !== 'RECORD' || !m.stream || !m.record) continue;
    const def = findStream(m.stream);
    if (!def) throw new Error(`record of unknown stream ${m.stream}`);
    let table = tables.get(m.stream);
    if (!table) tables.set(m.stream, (table = new Map()));
    yield { table, key: keyOf(def.keyProperties, m.record), record: m.record };
  }
}

/** Applies RECORD messages to the tables, in order. */
export function applyRecords(tables: Map<string, Table>, messages: readonly Message[]): void {
  for (const { table, key, record } of rows(tables, messages)) {
    if (record['_sdc_deleted_at']) table.delete(key);
    else table.set(key, record);
  }
}

/**
 * Applies RECORD messages the way a target that keeps the newest version by the `updated` cursor does
 * (Airbyte's deduplicated mode; ties go to the later record). Tombstones are kept as rows: see `live`.
 */
export function applyNewest(tables: Map<string, Table>, messages: readonly Message[]): void {
  for (const { table, key, record } of rows(tables, messages)) {
    const kept = table.get(key);
    if (kept && Date.parse(String(kept['updated'])) > Date.parse(String(record['updated']))) continue;
    table.set(key, record);
  }
}

/** The rows of `applyNewest`'s tables that are not tombstones. */
export function live(tables: Map<string, Table>): Map<string, Table> {
  return new Map([...tables].map(([stream, table]) => [stream, new Map([...table].filter(([, row]) => !row['_sdc_deleted_at']))]));
}

/** The table a stream should hold: the fake's objects as records (timestamps as RFC3339, parent ids set). */
export function truthTable(ds: Dataset, stream: string): Table {
  const def = findStream(stream);
  if (!def) throw new Error(`unknown stream ${stream}`);
  const schema = streamSchema(stream);
  const table: Table = new Map();
  const put = (object: JsonObject): void => {
    const record = conformToSchema(object, schema) as JsonObject;
    table.set(keyOf(def.keyProperties, record), record);
  };
  if (def.kind === 'top') {
    const childOnly = childOnlyFields(def, schema);
    for (const object of ds.objects(stream)) put(Object.fromEntries(Object.entries(object).filter(([k]) => !childOnly.has(k))));
    return table;
  }
  for (const parent of ds.objects(def.parent)) {
    const parentId = String(parent['id']);
    const source = def.source;
    const items = source.kind === 'array' ? (Array.isArray(parent[source.field]) ? parent[source.field] as JsonObject[] : [])
      : source.kind === 'extract' ? source.extract(parent) : ds.children(stream, parentId);
    items.forEach((item, index) => put({ ...item, [def.parentKey]: parentId, ...(def.indexKey ? { [def.indexKey]: index } : {}) }));
  }
  return table;
}

/** Columns the tap adds to Stripe's objects. */
const TAP_COLUMNS = new Set(['updated', '_sdc_deleted_at']);

/**
 * What differs between a rebuilt table and the truth: keys missing or extra, and rows whose fields are not
 * the object's (the tap's own columns aside). Empty when they are equal.
 */
export function tableDiff(got: Table | undefined, want: Table, ignore: (key: string, row: JsonObject) => boolean = () => false): string[] {
  const problems: string[] = [];
  const rows = got ?? new Map<string, JsonObject>();
  for (const [key, row] of rows) {
    if (ignore(key, row)) continue;
    const expected = want.get(key);
    if (!expected) {
      problems.push(`extra row ${key}`);
      continue;
    }
    const fields = new Set([...Object.keys(row), ...Object.keys(expected)]);
    for (const field of fields) {
      if (TAP_COLUMNS.has(field) && !(field in expected)) continue;
      if (JSON.stringify(row[field]) !== JSON.stringify(expected[field])) {
        problems.push(`row ${key}: ${field} is ${JSON.stringify(row[field])?.slice(0, 80)}, Stripe has ${JSON.stringify(expected[field])?.slice(0, 80)}`);
        break;
      }
    }
  }
  for (const key of want.keys()) if (!rows.has(key)) problems.push(`missing row ${key}`);
  return problems;
}
