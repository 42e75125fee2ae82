#!/usr/bin/env node
/**
 * The command line: the only module that knows yargs. Chooses the protocol once (`--protocol`, else
 * TAP_STRIPE_PROTOCOL, else singer), parses argv into a command, runs it, and reports every failure the
 * protocol's way: Singer prints one line on stderr and exits 2 (usage, config) or 1; Airbyte writes a TRACE
 * ERROR message and exits 1, as Airbyte expects. SIGINT/SIGTERM stop a run cleanly (interrupt.ts).
 */
import yargs from 'yargs';
import { runAirbyte, type AirbyteCommand } from './airbyte/app';
import { runCommand, type Command } from './app';
import { ConfigError, asTapError, signalExitCode, type TapError } from './errors';
import { Interrupt } from './interrupt';
import { LEVELS, Logger, levelOf, stderrSink, type Level, type LevelName } from './log';
import { airbyteLogSink, traceError } from './protocol/airbyte';
import { MessageWriter } from './protocol/writer';
import { didYouMean } from './suggest';

const PROTOCOLS = ['singer', 'airbyte'] as const;
type Protocol = (typeof PROTOCOLS)[number];

interface Args {
  _: (string | number)[];
  config?: string[];
  discover?: boolean;
  catalog?: unknown;
  properties?: unknown;
  state?: unknown;
  about?: boolean;
  format?: string;
  version?: boolean;
  protocol?: string;
  'log-level'?: string;
}

/** Options that take a value; `--config` followed by nothing (or by another option) is a usage error. */
const VALUED = ['config', 'catalog', 'properties', 'state', 'format', 'protocol', 'log-level'];
const FLAGS = [...VALUED, 'discover', 'about', 'version', 'help'];

function missingValue(argv: readonly string[]): string | undefined {
  const at = argv.findIndex((a, i) => VALUED.includes(a.replace(/^--/, '')) && a.startsWith('--') && (argv[i + 1] === undefined || argv[i + 1]!.startsWith('--')));
  if (at < 0) return undefined;
  const option = argv[at]!;
  return `usage error: ${option} needs a ${['--format', '--protocol', '--log-level'].includes(option) ? 'value' : 'file name'} (e.g. ${option} ${option === '--format' ? 'json' : option === '--protocol' ? 'airbyte' : option === '--log-level' ? 'debug' : 'FILE.json'})`;
}

/** yargs' "Unknown argument: catlog", with the option (or command) it looks like. */
function explainUsage(message: string, argv: readonly string[], protocol: Protocol): string {
  const unknown = /^Unknown arguments?: ([^,\s]+)/.exec(message)?.[1];
  if (unknown === undefined) return `${message} (see tap-stripe --help)`;
  if (argv.includes(unknown)) {
    const commands = protocol === 'airbyte' ? ['spec', 'check', 'discover', 'read'] : ['discover', 'read', 'check'];
    return `unknown command "${unknown}" (commands: ${commands.join(', ')}; see tap-stripe --help)${didYouMean(unknown, commands)}`;
  }
  return `${message}${didYouMean(unknown, FLAGS, '--')} (see tap-stripe --help)`;
}

/** A file option given once, with a name: `--state a --state b` or `--state ""` is a usage error. */
function oneFile(value: unknown, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw new ConfigError(`usage error: --${option} given ${value.length} times; give it once`);
  if (typeof value !== 'string' || value.trim() === '') throw new ConfigError(`usage error: --${option} needs a file name`);
  return value;
}

interface Files {
  sub: string | undefined;
  configs: string[];
  catalog?: string;
  state?: string;
}

function files(args: Args): Files {
  const [sub, extra] = args._.map(String);
  if (extra !== undefined) throw new ConfigError(`unexpected argument "${extra}"`);
  const configs = args.config ?? [];
  configs.forEach((c) => oneFile(c, 'config'));
  const catalog = oneFile(args.catalog, 'catalog') ?? oneFile(args.properties, 'properties');
  const state = oneFile(args.state, 'state');
  return { sub, configs, ...(catalog ? { catalog } : {}), ...(state ? { state } : {}) };
}

function needsConfig(kind: string, configs: string[]): void {
  if (configs.length === 0 && !process.env['TAP_STRIPE_API_KEY']) throw new ConfigError(`${kind} needs --config FILE (or TAP_STRIPE_API_KEY)`);
}

function toCommand(args: Args): Command {
  const { sub, configs, catalog, state } = files(args);
  if (args.version) return { kind: 'version' };
  if (args.about) return { kind: 'about', format: args.format === 'markdown' ? 'markdown' : 'json' };
  const kind = sub ?? (args.discover ? 'discover' : 'read');
  if (kind === 'discover') return { kind, configs };
  if (kind === 'check' || kind === 'read') {
    needsConfig(kind, configs);
    if (kind === 'check') return { kind, configs };
    return { kind, configs, ...(catalog ? { catalog } : {}), ...(state ? { state } : {}) };
  }
  if (kind === 'spec') throw new ConfigError('spec is an Airbyte command: add --protocol airbyte');
  throw new ConfigError(`unknown command "${kind}" (commands: discover, read, check)`);
}

function toAirbyteCommand(args: Args): AirbyteCommand {
  const { sub, configs, catalog, state } = files(args);
  if (sub === 'spec') return { kind: 'spec' };
  if (sub === 'discover') return { kind: 'discover', configs };
  if (sub === 'check' || sub === 'read') {
    needsConfig(sub, configs);
    if (sub === 'check') return { kind: sub, configs };
    return { kind: sub, configs, ...(catalog ? { catalog } : {}), ...(state ? { state } : {}) };
  }
  throw new ConfigError(sub === undefined
    ? 'Airbyte mode needs a command: spec, check, discover or read'
    : `unknown command "${sub}" (Airbyte commands: spec, check, discover, read)`);
}

/** An option's value, read before parsing (the protocol and the log level shape how even a usage error is told). */
function optionOf(argv: readonly string[], name: string, env: string): string | undefined {
  const at = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  return at < 0 ? process.env[env] : argv[at]!.includes('=') ? argv[at]!.split('=')[1] : argv[at + 1];
}

/** An environment variable that stands for a flag with choices (used when the flag is not given) holds one of them. */
function checkChoice(variable: string, choices: readonly string[], normal: (value: string) => string): void {
  const value = process.env[variable];
  if (value && !choices.includes(normal(value))) {
    throw new ConfigError(`usage error: ${variable} must be ${choices.length === 2 ? choices.join(' or ') : `one of ${choices.join(', ')}`}, got ${JSON.stringify(value)}`);
  }
}

function protocolOf(argv: readonly string[]): Protocol {
  return optionOf(argv, 'protocol', 'TAP_STRIPE_PROTOCOL') === 'airbyte' ? 'airbyte' : 'singer';
}

function levelFrom(argv: readonly string[]): Level {
  const given = optionOf(argv, 'log-level', 'TAP_STRIPE_LOG_LEVEL')?.toLowerCase();
  return (LEVELS as readonly string[]).includes(given ?? '') ? levelOf(given as LevelName) : 'INFO';
}

/** Where messages, logs and failures go in one protocol. */
interface Channel {
  log: Logger;
  fail(error: TapError): Promise<void>;
  close(): Promise<void>;
}

/** The stack of a failure, for `--log-level debug` only (the key scrubbed like every other line). */
function stackOf(error: TapError): string[] {
  return (error.stack ?? '').split('\n').slice(1).map((l) => l.trim()).filter(Boolean);
}

function singerChannel(level: Level): Channel {
  const log = new Logger(stderrSink, level);
  return {
    log,
    fail: (error) => {
      process.stderr.write(`tap-stripe: ${log.redact(error.describe()).replace(/\s*\n\s*/g, ' ')}\n`);
      for (const line of stackOf(error)) log.debug(line);
      process.exitCode = error.exitCode;
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}

function airbyteChannel(writer: MessageWriter, level: Level): Channel {
  const log = new Logger(airbyteLogSink(writer), level, 'DEBUG');
  return {
    log,
    fail: async (error) => {
      const trace = traceError(error, new Date(), log.enabled('DEBUG') ? stackOf(error).join('\n') : undefined);
      await writer.write(JSON.parse(log.redact(JSON.stringify(trace))) as object);
      process.exitCode = error.exitCode > 2 ? error.exitCode : 1;
    },
    close: () => writer.close(),
  };
}

async function main(argv: string[]): Promise<void> {
  const protocol = protocolOf(argv);
  const writer = protocol === 'airbyte' ? new MessageWriter() : undefined;
  const level = levelFrom(argv);
  const channel = writer ? airbyteChannel(writer, level) : singerChannel(level);
  const interrupt = new Interrupt((signal) => {
    channel.log.warn(`received ${signal}: no new request starts; the requests in flight finish (at most request_timeout), then the last safe STATE is written and the tap exits ${signalExitCode(signal)}; send it again to exit at once`);
  });
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    process.stderr.write(`tap-stripe: ${error.code === 'EPIPE' ? 'stdout was closed by the reader (EPIPE)' : `cannot write to stdout: ${error.message}`}\n`);
    process.exit(1);
  });
  let usageError: string | undefined;
  const args = (await yargs(argv)
    .scriptName('tap-stripe')
    .version(false)
    .usage('$0 [--config FILE]... [--discover | --catalog FILE [--state FILE]]\n$0 <discover|read|check> --config FILE ...\n$0 --protocol airbyte <spec|check|discover|read> ...')
    .option('config', { type: 'string', array: true, describe: 'Config JSON file; may repeat (later files win)' })
    .option('discover', { type: 'boolean', describe: 'Print the catalog of every stream (no key or network needed)' })
    .option('catalog', { type: 'string', describe: 'Singer catalog (or ConfiguredAirbyteCatalog): which streams and fields to sync' })
    .option('properties', { type: 'string', describe: 'Legacy name of --catalog' })
    .option('state', { type: 'string', describe: 'State file from an earlier run (Singer: its last STATE value; Airbyte: the array of state messages)' })
    .option('about', { type: 'boolean', describe: 'Describe the tap (capabilities, settings)' })
    .option('format', { choices: ['json', 'markdown'], describe: 'Format of --about' })
    .option('version', { type: 'boolean', describe: 'Print the version' })
    .option('protocol', { choices: PROTOCOLS, describe: 'Message protocol (default: TAP_STRIPE_PROTOCOL, else singer)' })
    .option('log-level', { choices: LEVELS, describe: 'Least level logged (default: TAP_STRIPE_LOG_LEVEL, else info); debug adds stack traces to failures' })
    .command('discover', 'Same as --discover')
    .command('read', 'Sync the selected streams (the default)')
    .command('check', 'Check the key and what it can read')
    .command('spec', 'Airbyte: print the connector specification')
    .strict()
    .help()
    .exitProcess(false)
    .fail((message: string | null, error: Error | null) => {
      usageError = message ?? error?.message ?? 'invalid arguments';
    })
    .parseAsync()) as Args;
  try {
    const missing = missingValue(argv);
    if (missing !== undefined) throw new ConfigError(missing);
    if (usageError !== undefined) throw new ConfigError(`usage error: ${explainUsage(usageError, argv, protocol)}`);
    if (args.protocol === undefined) checkChoice('TAP_STRIPE_PROTOCOL', PROTOCOLS, (v) => v);
    if (args['log-level'] === undefined) checkChoice('TAP_STRIPE_LOG_LEVEL', LEVELS, (v) => v.toLowerCase());
    if (argv.includes('--help') || argv.includes('-h')) return;
    const { exitCode } = protocol === 'airbyte' && writer
      ? await runAirbyte(toAirbyteCommand(args), { log: channel.log, writer, signal: interrupt.signal })
      : await runCommand(toCommand(args), channel.log, interrupt.signal);
    process.exitCode = exitCode;
    const stoppedBy = interrupt.stoppedBy;
    if (stoppedBy) {
      channel.log.warn(`stopped by ${stoppedBy}: the last STATE above is where the next run resumes (run again with it as --state)`);
      process.exitCode = signalExitCode(stoppedBy);
    }
  } catch (error) {
    await channel.fail(asTapError(error));
  } finally {
    await channel.close();
  }
  // after a signal, requests abandoned in flight may still hold sockets open: nothing more will be written
  if (interrupt.stoppedBy) process.exit(process.exitCode);
}

void main(process.argv.slice(2));
