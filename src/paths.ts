import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The package root (the folder holding package.json), from source or from the build alike. */
function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`package.json not found above ${start}`);
    dir = up;
  }
  return dir;
}

export const PACKAGE_ROOT = findRoot(__dirname);
export const SCHEMAS_DIR = join(PACKAGE_ROOT, 'schemas');
