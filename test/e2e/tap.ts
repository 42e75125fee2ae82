/** Runs the built CLI as a child process (as Meltano would) and parses what it prints. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_API_KEY } from '../../src/fake/knobs';
import { PACKAGE_ROOT } from '../../src/paths';

export const CLI = join(PACKAGE_ROOT, 'dist', 'src', 'cli.js');

export interface Message {
  type: string;
  stream?: string;
  record?: Record<string, unknown>;
  value?: Record<string, unknown>;
  schema?: Record<string, unknown>;
  key_properties?: string[];
  time_extracted?: string;
  [key: string]: unknown;
}

export interface TapRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  messages: Message[];
}

const dir = mkdtempSync(join(tmpdir(), 'tap-stripe-e2e-'));
let files = 0;

/** Writes a JSON file for --config/--catalog/--state and returns its path. */
export function jsonFile(content: unknown, name = 'file'): string {
  files += 1;
  const path = join(dir, `${name}-${files}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** Every stdout line must be a JSON message: a line that is not fails the test right here. */
export function parseLines(stdout: string): Message[] {
  return stdout.split('\n').filter((l) => l.length > 0).map((line) => {
    try {
      return JSON.parse(line) as Message;
    } catch {
      throw new Error(`stdout line is not JSON: ${line.slice(0, 200)}`);
    }
  });
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** stdout is not protocol (--about, --version): keep it as text. */
  raw?: boolean;
  /** Called for every stdout message as it arrives; may kill the child. */
  onMessage?: (message: Message, child: ChildProcess) => void;
}

const KEY_SHAPE = /^(sk|rk)_(live|test)_[A-Za-z0-9_]{6,}$/;

/**
 * The keys a run was given (the fake's, the api_key or client_secret of every config file it read, and
 * TAP_STRIPE_API_KEY): none may appear in any byte it prints. Every CLI run of the suite is checked.
 */
export function secretsOf(args: readonly string[], env: NodeJS.ProcessEnv = {}): string[] {
  const found = new Set<string>([DEFAULT_API_KEY]);
  args.forEach((arg, i) => {
    const file = arg === '--config' ? args[i + 1] : arg.startsWith('--config=') ? arg.slice('--config='.length) : undefined;
    if (!file) return;
    try {
      const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      for (const key of ['api_key', 'client_secret']) if (typeof config[key] === 'string') found.add(config[key]);
    } catch {
      // not a readable JSON config: the run says so, and it holds no key to look for
    }
  });
  if (env['TAP_STRIPE_API_KEY']) found.add(env['TAP_STRIPE_API_KEY']);
  return [...found].filter((k) => KEY_SHAPE.test(k.trim())).map((k) => k.trim());
}

/** Fails when any of the secrets is in the output, naming where (never the key itself). */
export function expectNoSecret(run: Pick<TapRun, 'stdout' | 'stderr'>, secrets: readonly string[]): void {
  for (const secret of secrets) {
    for (const [name, text] of [['stdout', run.stdout], ['stderr', run.stderr]] as const) {
      if (text.includes(secret)) throw new Error(`the run printed an API key on ${name} (at offset ${text.indexOf(secret)})`);
    }
  }
}

export function runTap(args: string[], options: RunOptions = {}): Promise<TapRun> {
  const secrets = secretsOf(args, options.env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env['PATH'] ?? '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let pending = '';
    // decode as a stream: a chunk may end inside a multi-byte character
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      if (!options.onMessage) return;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line) options.onMessage(JSON.parse(line) as Message, child);
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      try {
        expectNoSecret({ stdout, stderr }, secrets);
        resolve({ code, signal, stdout, stderr, messages: options.raw ? [] : parseLines(stdout) });
      } catch (error) {
        // a killed child may leave half a line: keep the whole ones
        const whole = stdout.slice(0, stdout.lastIndexOf('\n') + 1);
        if (signal && !(error instanceof Error && error.message.startsWith('the run printed'))) resolve({ code, signal, stdout, stderr, messages: parseLines(whole) });
        else reject(error);
      }
    });
  });
}

export const records = (run: TapRun | Message[], stream?: string): Record<string, unknown>[] =>
  (Array.isArray(run) ? run : run.messages)
    .filter((m) => m.type === 'RECORD' && (stream === undefined || m.stream === stream))
    .map((m) => m.record!);

export const states = (run: TapRun): Record<string, unknown>[] =>
  run.messages.filter((m) => m.type === 'STATE').map((m) => m.value!);

/** stderr without Singer METRIC lines. */
export const logLines = (run: TapRun): string[] => run.stderr.split('\n').filter((l) => l && !l.includes('METRIC:'));
