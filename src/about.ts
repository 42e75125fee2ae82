import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_SCHEMA, envName, SETTINGS } from './config';
import { PACKAGE_ROOT } from './paths';

export const VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * What the tap can do, in Meltano's capability names. `--properties` is accepted too, but Meltano wants
 * either `catalog` or `properties` declared, not both.
 */
export const CAPABILITIES = ['about', 'catalog', 'discover', 'state'] as const;

/**
 * `--about --format json`, in the shape the Meltano Singer SDK prints: `settings` is the config JSON Schema.
 * The tap is not built on the SDK and is not Python, so `sdk_version` and `supported_python_versions` are null.
 */
export interface About {
  name: string;
  description: string;
  version: string;
  sdk_version: null;
  supported_python_versions: null;
  capabilities: string[];
  settings: typeof CONFIG_SCHEMA;
}

export function about(): About {
  return {
    name: 'tap-stripe',
    description: 'Stripe source for Singer and Airbyte: full history, then only what changed.',
    version: VERSION,
    sdk_version: null,
    supported_python_versions: null,
    capabilities: [...CAPABILITIES],
    settings: CONFIG_SCHEMA,
  };
}

export function aboutMarkdown(a: About = about()): string {
  const required = new Set((a.settings['required'] as string[] | undefined) ?? []);
  const rows = SETTINGS.map((name) => {
    const p = a.settings.properties[name] as { type?: string; default?: unknown; description?: string };
    const shown = p.default === undefined ? '' : `\`${JSON.stringify(p.default)}\``;
    return `| \`${name}\` | \`${envName(name)}\` | ${p.type ?? 'string'} | ${required.has(name) ? 'yes' : ''} | ${shown} | ${p.description ?? ''} |`;
  });
  return [
    `# ${a.name} ${a.version}`, '', a.description, '',
    `Capabilities: ${a.capabilities.join(', ')}`, '',
    '| setting | environment variable | type | required | default | description |',
    '|---|---|---|---|---|---|',
    ...rows, '',
  ].join('\n');
}
