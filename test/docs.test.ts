import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths';
import { STREAMS } from '../src/streams';
import { childCostsTable, columnsCsv, streamsTable } from '../scripts/docs';

describe('generated docs are up to date (run `npm run docs` when this fails)', () => {
  it('catalog/columns.csv', () => {
    expect(readFileSync(join(PACKAGE_ROOT, 'catalog', 'columns.csv'), 'utf8')).toBe(columnsCsv());
  });

  it("the README's streams table", () => {
    expect(readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8')).toContain(streamsTable());
  });

  it("the README's requests per child stream, one row for each", () => {
    expect(readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8')).toContain(childCostsTable());
    for (const def of STREAMS) if (def.kind === 'child') expect(childCostsTable()).toContain(`| \`${def.name}\` |`);
  });

  it('documents every stream and a column row for each key', () => {
    const csv = columnsCsv();
    for (const def of STREAMS) {
      expect(streamsTable()).toContain(`| \`${def.name}\` |`);
      for (const key of def.keyProperties) expect(csv).toContain(`\n${def.name},${key},`);
    }
  });
});
