/**
 * What can be checked of the Dockerfile without a container engine: Airbyte's image rules (AIRBYTE_ENTRYPOINT
 * equal to the absolute ENTRYPOINT, the io.airbyte labels, a non-root user), that every file the final stage
 * copies exists after the build, and that the entrypoint, run as the image runs it, answers Airbyte's commands.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { FakeStripe } from '../src/fake';
import { PACKAGE_ROOT } from '../src/paths';
import { fakeAccount } from './e2e/fake';

interface Instruction { op: string; args: string }

/** Instructions of a Dockerfile: comments dropped, continuation lines joined. */
function instructions(text: string): Instruction[] {
  return text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op = '', ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

/** `KEY=value KEY2="quoted value"` pairs of ENV and LABEL. */
function pairs(args: string): Record<string, string> {
  return Object.fromEntries([...args.matchAll(/([\w.-]+)=("([^"]*)"|\S+)/g)].map((m) => [m[1]!, m[3] ?? m[2]!]));
}

const dockerfile = instructions(readFileSync(join(PACKAGE_ROOT, 'Dockerfile'), 'utf8'));
const lastFrom = dockerfile.map((i) => i.op).lastIndexOf('FROM');
const final = dockerfile.slice(lastFrom);
const env = Object.assign({}, ...final.filter((i) => i.op === 'ENV').map((i) => pairs(i.args))) as Record<string, string>;
const labels = Object.assign({}, ...final.filter((i) => i.op === 'LABEL').map((i) => pairs(i.args))) as Record<string, string>;
const entrypoint = JSON.parse(final.find((i) => i.op === 'ENTRYPOINT')!.args) as string[];
const buildDir = dockerfile.slice(0, lastFrom).find((i) => i.op === 'WORKDIR')!.args;
/** The final stage's copies from the build stage: path in the image → path in this checkout. */
const copies = final.filter((i) => i.op === 'COPY' && i.args.startsWith('--from=build')).map((i) => {
  const [, from = '', to = ''] = i.args.split(/\s+/);
  return { image: join('/app', to), checkout: join(PACKAGE_ROOT, relative(buildDir, from)) };
});
const version = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Runs the image's entrypoint here: its node is this node, its /app paths are this checkout's. */
function runEntrypoint(args: string[]): Promise<{ code: number | null; lines: Record<string, unknown>[] }> {
  const [node, ...rest] = entrypoint;
  expect(node).toBe('/usr/local/bin/node');
  const mapped = rest.map((a) => copies.reduce((p, c) => (p.startsWith(c.image) ? p.replace(c.image, c.checkout) : p), a));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...mapped, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      out += text;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, lines: out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) }));
  });
}

describe('Dockerfile', () => {
  it('is multi-stage on Node 20 bookworm-slim and runs as a non-root user', () => {
    expect(dockerfile.filter((i) => i.op === 'FROM').map((i) => i.args)).toEqual(['node:20-bookworm-slim AS build', 'node:20-bookworm-slim']);
    const user = final.filter((i) => i.op === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(final.some((i) => i.op === 'RUN' && i.args.includes('/data') && i.args.includes(`-o ${user!}`))).toBe(true);
    expect(final.filter((i) => i.op === 'WORKDIR').at(-1)?.args).toBe('/data');
  });

  it('follows Airbyte\'s image rules: AIRBYTE_ENTRYPOINT is the absolute ENTRYPOINT, and the io.airbyte labels', () => {
    expect(entrypoint.every((part) => isAbsolute(part))).toBe(true);
    expect(env['AIRBYTE_ENTRYPOINT']).toBe(entrypoint.join(' '));
    expect(labels['io.airbyte.name']).toBe('tap-stripe');
    expect(labels['io.airbyte.version']).toBe(version);
    expect(env['TAP_STRIPE_PROTOCOL']).toBe('airbyte');
  });

  it('copies files that exist after the build', () => {
    expect(copies.map((c) => c.image)).toEqual(['/app/package.json', '/app/node_modules', '/app/schemas', '/app/dist/src']);
    for (const c of copies) expect({ path: c.checkout, exists: existsSync(c.checkout) }).toEqual({ path: c.checkout, exists: true });
    expect(existsSync(join(PACKAGE_ROOT, 'dist', 'src', 'cli.js'))).toBe(true);
    expect(readFileSync(join(PACKAGE_ROOT, '.dockerignore'), 'utf8')).toMatch(/^node_modules$/m);
  });

  describe('its entrypoint, with the arguments Airbyte passes', () => {
    let fake: FakeStripe;
    let config: string;
    beforeAll(async () => {
      ({ fake, config } = await fakeAccount({ scale: 0.1 }));
    });
    afterAll(() => fake.close());

    it('spec', async () => {
      const run = await runEntrypoint(['spec']);
      expect(run.code).toBe(0);
      expect(run.lines.map((l) => l['type'])).toEqual(['SPEC']);
    });

    it('check --config', async () => {
      const run = await runEntrypoint(['check', '--config', config]);
      expect(run.code).toBe(0);
      expect(run.lines.find((l) => l['type'] === 'CONNECTION_STATUS')?.['connectionStatus']).toMatchObject({ status: 'SUCCEEDED' });
    });

    it('and Singer mode with --protocol singer', async () => {
      const run = await runEntrypoint(['--protocol', 'singer', '--discover']);
      expect(run.code).toBe(0);
      expect(Object.keys(run.lines[0]!)).toEqual(['streams']);
    });
  });
});
