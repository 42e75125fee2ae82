#!/usr/bin/env node
/**
 * The command line: the only module that knows yargs. Parses argv into a Command, runs it, and turns every
 * failure into one line on stderr and an exit code (2 for usage and config errors, 1 for the rest).
 */
import yargs from 'yargs';
import { runCommand, type Command } from './app';
import { ConfigError, asTapError } from './errors';
import { Logger, scrub } from './log';

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
}

/** A file option given once, with a name: `--state a --state b` or `--state ""` is a usage error. */
function oneFile(value: unknown, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw new ConfigError(`usage error: --${option} given ${value.length} times; give it once`);
  if (typeof value !== 'string' || value.trim() === '') throw new ConfigError(`usage error: --${option} needs a file name`);
  return value;
}

function toCommand(args: Args): Command {
  const [sub, extra] = args._.map(String);
  if (extra !== undefined) throw new ConfigError(`unexpected argument "${extra}"`);
  const configs = args.config ?? [];
  configs.forEach((c) => oneFile(c, 'config'));
  const catalog = oneFile(args.catalog, 'catalog') ?? oneFile(args.properties, 'properties');
  const state = oneFile(args.state, 'state');
  if (args.version) return { kind: 'version' };
  if (args.about) return { kind: 'about', format: args.format === 'markdown' ? 'markdown' : 'json' };
  const kind = sub ?? (args.discover ? 'discover' : 'read');
  if (kind === 'discover') return { kind, configs };
  if (kind === 'check' || kind === 'read') {
    if (configs.length === 0 && !process.env['TAP_STRIPE_API_KEY']) {
      throw new ConfigError(`${kind} needs --config FILE (or TAP_STRIPE_API_KEY)`);
    }
    if (kind === 'check') return { kind, configs };
    return { kind, configs, ...(catalog ? { catalog } : {}), ...(state ? { state } : {}) };
  }
  throw new ConfigError(`unknown command "${kind}" (commands: discover, read, check)`);
}

function fail(line: string, code: number): void {
  process.stderr.write(`tap-stripe: ${scrub(line).replace(/\s*\n\s*/g, ' ')}\n`);
  process.exitCode = code;
}

async function main(argv: string[]): Promise<void> {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    fail(error.code === 'EPIPE' ? 'stdout was closed by the reader (EPIPE)' : `cannot write to stdout: ${error.message}`, 1);
    process.exit();
  });
  let usageError: string | undefined;
  const args = (await yargs(argv)
    .scriptName('tap-stripe')
    .version(false)
    .usage('$0 [--config FILE]... [--discover | --catalog FILE [--state FILE]]\n$0 <discover|read|check> --config FILE ...')
    .option('config', { type: 'string', array: true, describe: 'Config JSON file; may repeat (later files win)' })
    .option('discover', { type: 'boolean', describe: 'Print the catalog of every stream (no key or network needed)' })
    .option('catalog', { type: 'string', describe: 'Singer catalog: which streams and fields to sync' })
    .option('properties', { type: 'string', describe: 'Legacy name of --catalog' })
    .option('state', { type: 'string', describe: 'State file from an earlier run (its last STATE value)' })
    .option('about', { type: 'boolean', describe: 'Describe the tap (capabilities, settings)' })
    .option('format', { choices: ['json', 'markdown'], describe: 'Format of --about' })
    .option('version', { type: 'boolean', describe: 'Print the version' })
    .command('discover', 'Same as --discover')
    .command('read', 'Sync the selected streams (the default)')
    .command('check', 'Check the key and the connection to Stripe')
    .strict()
    .help()
    .exitProcess(false)
    .fail((message: string | null, error: Error | null) => {
      usageError = message ?? error?.message ?? 'invalid arguments';
    })
    .parseAsync()) as Args;
  if (usageError !== undefined) return fail(`usage error: ${usageError} (see tap-stripe --help)`, 2);
  if (process.argv.includes('--help') || process.argv.includes('-h')) return;
  const log = new Logger();
  try {
    const { exitCode } = await runCommand(toCommand(args), log);
    process.exitCode = exitCode;
  } catch (error) {
    const tapError = asTapError(error);
    fail(tapError.describe(), tapError.exitCode);
  }
}

void main(process.argv.slice(2));
