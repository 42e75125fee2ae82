/** Airbyte-mode helpers: every message checked against the protocol schema, and configured catalogs. */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { airbyteCatalog } from '../../src/airbyte/catalog';
import { buildCatalog } from '../../src/catalog';
import { jsonFile, runTap, type Message, type RunOptions, type TapRun } from './tap';

const PROTOCOL = JSON.parse(readFileSync(join(__dirname, '..', 'airbyte-protocol.schema.json'), 'utf8')) as object;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(PROTOCOL, 'airbyte');
const validators = new Map<string, ValidateFunction>();

/** The protocol definition's validator (`AirbyteMessage`, `ConfiguredAirbyteCatalog` …). */
export function validator(definition: string): ValidateFunction {
  let v = validators.get(definition);
  if (!v) {
    v = ajv.getSchema(`airbyte#/definitions/${definition}`)!;
    validators.set(definition, v);
  }
  return v;
}

/** Fails with the message and ajv's errors unless it is a valid AirbyteMessage. */
export function expectValidMessage(message: unknown): void {
  const validate = validator('AirbyteMessage');
  if (!validate(message)) throw new Error(`not a valid AirbyteMessage: ${JSON.stringify(message).slice(0, 300)}: ${ajv.errorsText(validate.errors)}`);
}

/** Runs the CLI in Airbyte mode; every stdout line must be a valid AirbyteMessage, and stderr stays empty. */
export async function runAirbyte(args: string[], options: RunOptions = {}): Promise<TapRun> {
  const run = await runTap(['--protocol', 'airbyte', ...args], options);
  run.messages.forEach(expectValidMessage);
  expect(run.stderr).toBe('');
  return run;
}

export const ofType = (run: TapRun, type: string): Message[] => run.messages.filter((m) => m.type === type);

export const airbyteRecords = (run: TapRun, stream?: string): Record<string, unknown>[] =>
  ofType(run, 'RECORD').map((m) => m['record'] as { stream: string; data: Record<string, unknown> })
    .filter((r) => stream === undefined || r.stream === stream).map((r) => r.data);

export interface StateMessage {
  type: string;
  global: { shared_state: Record<string, unknown>; stream_states: { stream_descriptor: { name: string }; stream_state: Record<string, unknown> }[] };
  sourceStats: { recordCount: number };
}

export const airbyteStates = (run: TapRun): StateMessage[] => ofType(run, 'STATE').map((m) => m['state'] as StateMessage);

/** The statuses of each stream, in order. */
export function statuses(run: TapRun): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of ofType(run, 'TRACE')) {
    const trace = m['trace'] as { type: string; stream_status?: { stream_descriptor: { name: string }; status: string } };
    if (trace.type !== 'STREAM_STATUS' || !trace.stream_status) continue;
    const name = trace.stream_status.stream_descriptor.name;
    out.set(name, [...(out.get(name) ?? []), trace.stream_status.status]);
  }
  return out;
}

export const logs = (run: TapRun): string[] =>
  ofType(run, 'LOG').map((m) => m['log'] as { level: string; message: string }).map((l) => `${l.level} ${l.message}`);

/** A ConfiguredAirbyteCatalog of these streams, each in its own mode (incremental where supported unless told). */
export function configuredCatalog(streams: Record<string, { mode?: 'full_refresh' | 'incremental'; fields?: string[] }>): string {
  const catalog = airbyteCatalog(buildCatalog()) as { streams: Record<string, unknown>[] };
  const configured = Object.entries(streams).map(([name, choice]) => {
    const stream = structuredClone(catalog.streams.find((s) => s['name'] === name)!) as Record<string, unknown> & { json_schema: { properties: Record<string, unknown> } };
    if (choice.fields) {
      stream.json_schema.properties = Object.fromEntries(Object.entries(stream.json_schema.properties).filter(([k]) => choice.fields!.includes(k)));
    }
    const mode = choice.mode ?? ((stream['supported_sync_modes'] as string[]).includes('incremental') ? 'incremental' : 'full_refresh');
    return {
      stream, sync_mode: mode, destination_sync_mode: mode === 'incremental' ? 'append_dedup' : 'overwrite',
      cursor_field: mode === 'incremental' ? (stream['default_cursor_field'] ?? []) : [],
      primary_key: stream['source_defined_primary_key'],
    };
  });
  const value = { streams: configured };
  const validate = validator('ConfiguredAirbyteCatalog');
  if (!validate(value)) throw new Error(`bad configured catalog: ${ajv.errorsText(validate.errors)}`);
  return jsonFile(value, 'configured-catalog');
}
