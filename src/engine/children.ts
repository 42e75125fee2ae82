import type { RequestContext } from '../stripe/client';
import { isListObject, listPages, type ListClient } from '../stripe/paginate';
import type { Query } from '../stripe/query';
import type { ChildStreamDef, JsonObject } from '../streams';

function parentPath(template: string, parentId: string): string {
  return template.replace('{parent}', encodeURIComponent(parentId));
}

function asObject(item: unknown): JsonObject {
  return typeof item === 'object' && item !== null ? (item as JsonObject) : { id: item };
}

/**
 * All child objects of one parent object, with the parent's id (and the position, when declared) set on each.
 * An embedded list is used as it is when complete; when it says `has_more`, the child's own endpoint is paged
 * on from its last item, and when it is missing (the server did not expand it), from the start. Ids seen
 * twice for one parent are dropped.
 */
export async function* childObjects(
  def: ChildStreamDef, parent: JsonObject, client: ListClient, context: RequestContext,
): AsyncGenerator<JsonObject[]> {
  if (def.when && !def.when(parent)) return;
  const parentId = String(parent['id']);
  const seen = new Set<unknown>();
  let count = 0;
  const stamp = (items: JsonObject[]): JsonObject[] => items
    .filter((item) => item['id'] === undefined || (!seen.has(item['id']) && seen.add(item['id'])))
    .map((item) => ({ ...item, [def.parentKey]: parentId, ...(def.indexKey ? { [def.indexKey]: count++ } : {}) }));
  const source = def.source;
  switch (source.kind) {
    case 'array': {
      const items = parent[source.field];
      if (Array.isArray(items) && items.length > 0) yield stamp(items.map(asObject));
      return;
    }
    case 'expanded': {
      const item = parent[source.field];
      if (typeof item === 'object' && item !== null && typeof (item as JsonObject)['id'] === 'string') yield [item as JsonObject];
      else if (typeof item === 'string' && item !== '') yield [await client.get(source.path.replace('{id}', encodeURIComponent(item)), {}, context)];
      return;
    }
    case 'extract': {
      const items = source.extract(parent);
      // the function sets any position itself (e.g. a fee's place within its balance transaction)
      if (items.length > 0) yield items.map((item) => ({ ...item, [def.parentKey]: parentId }));
      return;
    }
    case 'list': {
      const list = parent[source.field];
      const embedded = isListObject(list) ? list.data : [];
      if (embedded.length > 0) yield stamp(embedded);
      if (isListObject(list) && !list.has_more) return;
      const last = embedded[embedded.length - 1]?.['id'];
      const params = expandQuery(source.expand);
      const options = typeof last === 'string' ? { startingAfter: last } : {};
      for await (const page of listPages(client, parentPath(source.path, parentId), params, context, options)) yield stamp(page.data);
      return;
    }
    case 'endpoint': {
      const path = parentPath(source.path, parentId);
      const params = { ...source.params, ...expandQuery(source.expand) };
      if (source.unpaged) {
        const list = await client.get(path, params, context);
        if (isListObject(list) && list.data.length > 0) yield stamp(list.data);
        return;
      }
      for await (const page of listPages(client, path, params, context)) yield stamp(page.data);
    }
  }
}

/** A record's key as one comparable string (the values of the stream's key properties). */
export function recordKey(def: ChildStreamDef | { keyProperties: string[] }, record: JsonObject): string {
  return JSON.stringify(def.keyProperties.map((k) => record[k] ?? null));
}

/**
 * The keys of the children a parent object embeds in `container` (the parent as an event carried it, or its
 * `previous_attributes`): ids of an embedded list or array, positions where the items have none. Undefined
 * when the container does not hold the child's field (or the child is not embedded).
 */
export function embeddedChildKeys(def: ChildStreamDef, parentId: string, container: JsonObject): JsonObject[] | undefined {
  const source = def.source;
  if (source.kind !== 'list' && source.kind !== 'array') return undefined;
  const value = container[source.field];
  const items = source.kind === 'list' ? (isListObject(value) ? value.data : undefined) : Array.isArray(value) ? value : undefined;
  if (!items) return undefined;
  return items.map((item, index) => {
    const key: JsonObject = { [def.parentKey]: parentId };
    if (def.indexKey) key[def.indexKey] = index;
    else key['id'] = asObject(item)['id'];
    return key;
  });
}

/** The `expand[]` parameter of a child's own list requests, when it has one. */
function expandQuery(expand: string[] | undefined): Query {
  return expand ? { 'expand[]': expand } : {};
}
