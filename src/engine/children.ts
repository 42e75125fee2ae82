import type { RequestContext, StripeClient } from '../stripe/client';
import { isListObject, listPages } from '../stripe/paginate';
import type { ChildStreamDef, JsonObject } from '../streams';

function parentPath(template: string, parentId: string): string {
  return template.replace('{parent}', encodeURIComponent(parentId));
}

function asObject(item: unknown): JsonObject {
  return typeof item === 'object' && item !== null ? (item as JsonObject) : { id: item };
}

/**
 * All child objects of one parent object, in order, with the parent's id (and the position, when declared)
 * set on each. Embedded lists that say `has_more` are paged to their end from the child's own endpoint.
 */
export async function* childObjects(
  def: ChildStreamDef, parent: JsonObject, client: StripeClient, context: RequestContext,
): AsyncGenerator<JsonObject[]> {
  const parentId = String(parent['id']);
  const stamp = (items: JsonObject[], offset: number): JsonObject[] => items.map((item, i) => ({
    ...item,
    [def.parentKey]: parentId,
    ...(def.indexKey ? { [def.indexKey]: offset + i } : {}),
  }));
  const source = def.source;
  switch (source.kind) {
    case 'array': {
      const items = parent[source.field];
      if (Array.isArray(items) && items.length > 0) yield stamp(items.map(asObject), 0);
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
      if (!isListObject(list)) return;
      let count = 0;
      if (list.data.length > 0) {
        yield stamp(list.data, count);
        count += list.data.length;
      }
      const last = list.data[list.data.length - 1];
      if (!list.has_more || last === undefined) return;
      for await (const page of listPages(client, parentPath(source.path, parentId), {}, context, String(last['id']))) {
        yield stamp(page.data, count);
        count += page.data.length;
      }
      return;
    }
    case 'endpoint': {
      if (source.unpaged) {
        const list = await client.get(parentPath(source.path, parentId), source.params ?? {}, context);
        if (isListObject(list) && list.data.length > 0) yield stamp(list.data, 0);
        return;
      }
      let count = 0;
      for await (const page of listPages(client, parentPath(source.path, parentId), source.params ?? {}, context)) {
        yield stamp(page.data, count);
        count += page.data.length;
      }
      return;
    }
  }
}
