/** Runs the built CLI as a child process for the demo and the benchmarks, counting what it emits. */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths';

const CLI = join(PACKAGE_ROOT, 'dist', 'src', 'cli.js');

export interface CliRun {
  code: number | null;
  records: Map<string, number>;
  lastState: unknown;
  seconds: number;
  /** Highest resident memory seen (MiB), sampled from /proc while the process runs (0 where there is no /proc). */
  peakRssMiB: number;
}

function rssHighWater(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

export function runCli(args: string[], options: { outFile?: string; onLog?: (line: string) => void } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    const records = new Map<string, number>();
    let lastState: unknown;
    let pending = '';
    let peak = 0;
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
        const message = JSON.parse(line) as { type: string; stream?: string; value?: unknown };
        if (message.type === 'RECORD') records.set(message.stream!, (records.get(message.stream!) ?? 0) + 1);
        if (message.type === 'STATE') lastState = message.value;
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line) options.onLog?.(line);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sampler);
      if (options.outFile) writeFileSync(options.outFile, lines.length > 0 ? `${lines.join('\n')}\n` : '');
      resolve({ code, records, lastState, seconds: (Date.now() - started) / 1000, peakRssMiB: Math.round(peak) });
    });
  });
}

export function totalRecords(run: CliRun): number {
  return [...run.records.values()].reduce((a, b) => a + b, 0);
}
