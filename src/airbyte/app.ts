/**
 * The Airbyte commands (https://docs.airbyte.com/understanding-airbyte/airbyte-protocol-docker): spec, check,
 * discover, read. They share config, catalog, engine and progress with Singer mode; only the messages and the
 * way errors are reported differ. Every message goes through one writer.
 */
import { discoverColumns, newClient, readState, settings, sync, type RunResult } from '../app';
import { buildCatalog } from '../catalog';
import { checkConnection } from '../check';
import { emptyState } from '../engine/state';
import { ConfigError, InternalError, InterruptedError, TapError } from '../errors';
import { readJsonFile } from '../json-file';
import type { Logger } from '../log';
import { AirbyteOutput, traceError } from '../protocol/airbyte';
import type { MessageWriter } from '../protocol/writer';
import { reviewState } from '../state-review';
import { airbyteCatalog, parseConfiguredCatalog } from './catalog';
import { connectorSpecification } from './spec';
import { fromAirbyteState, stateForRead } from './state';

export type AirbyteCommand =
  | { kind: 'spec' }
  | { kind: 'check'; configs: string[] }
  | { kind: 'discover'; configs: string[] }
  | { kind: 'read'; configs: string[]; catalog?: string; state?: string };

export interface AirbyteIo {
  log: Logger;
  writer: MessageWriter;
  /** Aborted on SIGINT/SIGTERM (see SyncDeps). */
  signal?: AbortSignal;
}

export async function runAirbyte(command: AirbyteCommand, io: AirbyteIo): Promise<RunResult> {
  const { writer, log } = io;
  switch (command.kind) {
    case 'spec':
      await writer.write({ type: 'SPEC', spec: connectorSpecification() });
      return { exitCode: 0 };
    case 'check':
      await writer.write({ type: 'CONNECTION_STATUS', connectionStatus: await check(command.configs, log, io.signal) });
      return { exitCode: 0 };
    case 'discover':
      await writer.write({ type: 'CATALOG', catalog: airbyteCatalog(buildCatalog(await discoverColumns(command.configs, log, io.signal))) });
      return { exitCode: 0 };
    case 'read':
      return read(command, io);
  }
}

/** Anything the user can act on (config, key, permissions, Stripe unreachable) is a FAILED status, not a crash. */
async function check(configs: string[], log: Logger, signal?: AbortSignal): Promise<{ status: 'SUCCEEDED' | 'FAILED'; message: string }> {
  try {
    const config = settings(configs, log);
    const client = newClient(config, log, signal);
    try {
      const { ok, message } = await checkConnection(config, client);
      return { status: ok ? 'SUCCEEDED' : 'FAILED', message };
    } finally {
      await client.stop();
    }
  } catch (error) {
    if (!(error instanceof TapError) || error instanceof InternalError || error instanceof InterruptedError) throw error;
    return { status: 'FAILED', message: error.describe() };
  }
}

async function read(command: Extract<AirbyteCommand, { kind: 'read' }>, io: AirbyteIo): Promise<RunResult> {
  const config = settings(command.configs, io.log);
  if (!command.catalog) throw new ConfigError('read needs --catalog FILE (a ConfiguredAirbyteCatalog)');
  const { selections, incremental, fields } = parseConfiguredCatalog(readJsonFile(command.catalog, '--catalog'), `catalog ${command.catalog}`);
  const source = `state ${command.state ?? ''}`;
  const given = command.state ? readState(fromAirbyteState(readJsonFile(command.state, '--state'), source), source, io.log) : emptyState();
  reviewState(given, io.log);
  const stateStreams = selections.map((s) => s.def.name).filter((name) => incremental.has(name));
  const output = new AirbyteOutput(io.writer, stateStreams, fields);
  const { failures } = await sync({ config, selections, state: stateForRead(given, incremental), stateSource: source }, output, io.log, io.signal);
  for (const failure of failures) await io.writer.write(traceError(failure));
  return { exitCode: failures.length > 0 ? 1 : 0 };
}
