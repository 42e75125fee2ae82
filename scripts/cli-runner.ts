/** Runs the built CLI as a child process for the demo and the benchmarks, counting what it emits. */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths';

const CLI = join(PACKAGE_ROOT, 'dist', 'src', 'cli.js');
/** Preloaded into the tap by the benchmarks: writes the process's own resource usage when it exits. */
const RUSAGE_HOOK = join(PACKAGE_ROOT, 'dist', 'scripts', 'rusage-hook.js');

export interface CliRun {
  code: number | null;
  records: Map<string, number>;
  states: number;
  lastState: unknown;
  seconds: number;
  /** Highest resident memory (MiB): the tap's own getrusage where measured, else sampled from /proc. */
  peakRssMiB: number;
  /** User + system CPU seconds of the tap process (only with `measure`). */
  cpuSeconds?: number;
}

export interface CliOptions {
  outFile?: string;
  onLog?: (line: string) => void;
  /** Preload the resource-usage hook: exact CPU time and peak RSS of the tap process. */
  measure?: boolean;
  /** A slow consumer: stop reading stdout for `sleepMs` after every `everyBytes` bytes. */
  slowReader?: { everyBytes: number; sleepMs: number };
}

function rssHighWater(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

let runs = 0;
/** The start of a RECORD line in either protocol, with its stream (the tap writes these prefixes exactly). */
const RECORD_LINE = /^\{"type":"RECORD",(?:"stream":"([^"]+)","record":\{|"record":\{"stream":"([^"]+)","data":\{)/;

export function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const usageFile = join(tmpdir(), `tap-stripe-rusage-${process.pid}-${(runs += 1)}.json`);
    const node = options.measure ? ['--require', RUSAGE_HOOK] : [];
    const child = spawn(process.execPath, [...node, CLI, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...(options.measure ? { TAP_STRIPE_RUSAGE_FILE: usageFile } : {}) },
    });
    const lines: string[] = [];
    const records = new Map<string, number>();
    let states = 0;
    let lastState: unknown;
    let pending = '';
    let peak = 0;
    let unread = 0;
    let received = 0;
    const sampler = setInterval(() => {
      if (child.pid) peak = Math.max(peak, rssHighWater(child.pid));
    }, 50);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts) {
        if (!line) continue;
        if (options.outFile) lines.push(line);
        // a record line is counted from its prefix, and every 100th is parsed whole (parsing them all keeps the
        // fake API, in this process, too busy to answer on time); every other line must be one JSON message
        const record = RECORD_LINE.exec(line);
        if (record && (received += 1) % 100 !== 0) {
          const stream = record[1] ?? record[2]!;
          records.set(stream, (records.get(stream) ?? 0) + 1);
          continue;
        }
        const message = JSON.parse(line) as { type: string; stream?: string; value?: unknown; record?: { stream?: string }; state?: unknown };
        const stream = message.stream ?? message.record?.stream;
        if (message.type === 'RECORD' && stream) records.set(stream, (records.get(stream) ?? 0) + 1);
        if (message.type === 'STATE') {
          states += 1;
          lastState = message.value ?? message.state;
        }
      }
      const slow = options.slowReader;
      if (slow && (unread += chunk.length) >= slow.everyBytes) {
        unread = 0;
        child.stdout.pause();
        setTimeout(() => child.stdout.resume(), slow.sleepMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line) options.onLog?.(line);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sampler);
      if (options.outFile) writeFileSync(options.outFile, lines.length > 0 ? `${lines.join('\n')}\n` : '');
      const run: CliRun = { code, records, states, lastState, seconds: (Date.now() - started) / 1000, peakRssMiB: Math.round(peak) };
      if (options.measure) {
        try {
          const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as NodeJS.ResourceUsage;
          run.cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
          run.peakRssMiB = Math.round(usage.maxRSS / 1024);
          rmSync(usageFile, { force: true });
        } catch {
          // the tap did not exit normally: keep the sampled peak
        }
      }
      resolve(run);
    });
  });
}

export function totalRecords(run: CliRun): number {
  return [...run.records.values()].reduce((a, b) => a + b, 0);
}
