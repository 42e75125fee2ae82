import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SchemaNode } from './engine/transform';
import { SCHEMAS_DIR } from './paths';

const cache = new Map<string, SchemaNode>();

/** The generated JSON Schema of a stream (`schemas/<stream>.json`). */
export function streamSchema(stream: string): SchemaNode {
  let schema = cache.get(stream);
  if (!schema) {
    schema = JSON.parse(readFileSync(join(SCHEMAS_DIR, `${stream}.json`), 'utf8')) as SchemaNode;
    cache.set(stream, schema);
  }
  return schema;
}
