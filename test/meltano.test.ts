/** The Meltano Hub plugin definition agrees with what the tap says about itself (`--about --format json`). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { PACKAGE_ROOT } from '../src/paths';
import { runTap } from './e2e/tap';

interface HubSetting { name: string; label?: string; description?: string; kind?: string; value?: unknown; sensitive?: boolean }
interface Hub { name: string; namespace: string; executable: string; capabilities: string[]; settings: HubSetting[]; settings_group_validation: string[][] }
interface About {
  name: string;
  capabilities: string[];
  settings: { required: string[]; properties: Record<string, { type: string; format?: string; title: string; description: string; default?: unknown; airbyte_secret?: boolean }> };
}

/** Meltano's setting kind for a JSON Schema property (https://docs.meltano.com/reference/plugin-definition-syntax#settingskind). */
function kindOf(p: About['settings']['properties'][string]): string {
  if (p.type === 'integer' || p.type === 'boolean') return p.type;
  return p.format === 'date-time' ? 'date_iso8601' : 'string';
}

describe('meltano-hub.yml', () => {
  let hub: Hub;
  let about: About;
  beforeAll(async () => {
    hub = load(readFileSync(join(PACKAGE_ROOT, 'meltano-hub.yml'), 'utf8')) as Hub;
    about = JSON.parse((await runTap(['--about', '--format', 'json'], { raw: true })).stdout) as About;
  });

  it('names the tap and exactly the capabilities --about lists', () => {
    expect(hub.name).toBe(about.name);
    expect(hub.executable).toBe('tap-stripe');
    expect(hub.namespace).toBe('tap_stripe');
    expect([...hub.capabilities].sort()).toEqual([...about.capabilities].sort());
    expect(hub.capabilities).toEqual(expect.arrayContaining(['about', 'catalog', 'discover', 'state']));
  });

  it('lists every setting, in order, with its label, description, kind, default and sensitivity', () => {
    expect(hub.settings.map((s) => s.name)).toEqual(Object.keys(about.settings.properties));
    for (const setting of hub.settings) {
      const p = about.settings.properties[setting.name]!;
      expect(setting).toEqual({
        name: setting.name, label: p.title, description: p.description, kind: kindOf(p),
        ...(p.default === undefined ? {} : { value: p.default }),
        ...(p.airbyte_secret ? { sensitive: true } : {}),
      });
    }
    expect(hub.settings.find((s) => s.name === 'api_key')?.sensitive).toBe(true);
    expect(hub.settings_group_validation).toEqual([about.settings.required]);
  });
});
