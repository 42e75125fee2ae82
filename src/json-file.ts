import { readFileSync } from 'node:fs';
import { ConfigError } from './errors';

/** Reads a JSON file given on the command line; any problem is a ConfigError naming the file and the option. */
export function readJsonFile(path: string, option: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : `cannot read it (${code ?? 'error'})`;
    throw new ConfigError(`${option} ${path}: ${why}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(`${option} ${path}: not valid JSON (${whereInvalid(text, (error as Error).message)})`);
  }
}

/**
 * Where a text stops being JSON, without quoting it: the file may hold the API key, and V8's own message
 * quotes the start of the text (`Unexpected token 's', "sk_live_…" is not valid JSON`).
 */
export function whereInvalid(text: string, message: string): string {
  if (text.trim() === '') return 'the file is empty';
  const at = /at position (\d+)/.exec(message);
  if (at) {
    const before = text.slice(0, Number(at[1]));
    const line = before.split('\n').length;
    return `at line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
  }
  if (/unexpected end/i.test(message)) return 'it ends before the JSON is complete';
  const token = /unexpected token '?(.)/i.exec(message)?.[1];
  return token ? `unexpected character ${JSON.stringify(token)}` : 'it cannot be parsed';
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
