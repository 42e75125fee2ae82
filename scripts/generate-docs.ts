import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths';
import { columnsCsv, withStreamsTable } from './docs';

mkdirSync(join(PACKAGE_ROOT, 'catalog'), { recursive: true });
writeFileSync(join(PACKAGE_ROOT, 'catalog', 'columns.csv'), columnsCsv());
const readmePath = join(PACKAGE_ROOT, 'README.md');
writeFileSync(readmePath, withStreamsTable(readFileSync(readmePath, 'utf8')));
process.stderr.write('wrote catalog/columns.csv and the README streams table\n');
