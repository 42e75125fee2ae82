import { balanceStreams } from './balance';
import { billingStreams } from './billing';
import { catalogStreams } from './catalog';
import { connectStreams } from './connect';
import { legacyStreams } from './legacy';
import { paymentStreams } from './payments';
import { productStreams } from './products';
import type { ChildStreamDef, StreamDef, TopStreamDef } from './types';

export type { ChildStreamDef, ChildSource, JsonObject, Replication, StreamDef, TopStreamDef } from './types';

/** Every stream the tap publishes, in catalog order. */
export const STREAMS: readonly StreamDef[] = [
  ...paymentStreams,
  ...balanceStreams,
  ...billingStreams,
  ...catalogStreams,
  ...connectStreams,
  ...productStreams,
  ...legacyStreams,
].sort((a, b) => a.name.localeCompare(b.name));

const byName = new Map(STREAMS.map((s) => [s.name, s]));

export function findStream(name: string): StreamDef | undefined {
  return byName.get(name);
}

/** The top stream a stream is read through: itself, or its parent. */
export function rootOf(def: StreamDef): TopStreamDef {
  if (def.kind === 'top') return def;
  const parent = byName.get(def.parent);
  if (!parent || parent.kind !== 'top') throw new Error(`stream ${def.name}: parent ${def.parent} is not a top stream`);
  return parent;
}

export function childrenOf(name: string): ChildStreamDef[] {
  return STREAMS.filter((s): s is ChildStreamDef => s.kind === 'child' && s.parent === name);
}

