import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_SCHEMA, envName, SETTINGS } from './config';
import { PACKAGE_ROOT } from './paths';

export const VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export interface About {
  name: string;
  description: string;
  version: string;
  capabilities: string[];
  settings: { name: string; env: string; type: string; default?: unknown; description: string }[];
  config_schema: object;
}

/** What `--about` prints: Meltano reads the capabilities and settings from it. */
export function about(): About {
  return {
    name: 'tap-stripe',
    description: 'Stripe source for Singer and Airbyte: full history, then only what changed.',
    version: VERSION,
    capabilities: ['catalog', 'discover', 'state', 'properties', 'about'],
    settings: SETTINGS.map((name) => {
      const p = CONFIG_SCHEMA.properties[name] as { type?: string; default?: unknown; description?: string };
      return { name, env: envName(name), type: p.type ?? 'string', ...(p.default === undefined ? {} : { default: p.default }), description: p.description ?? '' };
    }),
    config_schema: CONFIG_SCHEMA,
  };
}

export function aboutMarkdown(a: About = about()): string {
  const rows = a.settings.map((s) => `| \`${s.name}\` | \`${s.env}\` | ${s.type} | ${s.default === undefined ? '' : `\`${JSON.stringify(s.default)}\``} | ${s.description} |`);
  return [
    `# ${a.name} ${a.version}`, '', a.description, '',
    `Capabilities: ${a.capabilities.join(', ')}`, '',
    '| setting | environment variable | type | default | description |',
    '|---|---|---|---|---|',
    ...rows, '',
  ].join('\n');
}
