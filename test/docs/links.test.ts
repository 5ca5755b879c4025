import { readdirSync } from 'node:fs';
import path from 'node:path';
import { remark } from 'remark';
import remarkValidateLinks from 'remark-validate-links';
import { engine } from 'unified-engine';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test-support/repo-root';

// The documentation's relative links resolve: every linked file exists and every #heading is there, also across
// files (remark-validate-links, run over all pages at once so it knows each page's headings).

const PAGES = ['README.md', 'charts/lab/README.md', ...readdirSync(path.join(REPO_ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

function brokenLinks(files: readonly string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    engine(
      {
        processor: remark,
        files: [...files],
        cwd: REPO_ROOT,
        plugins: [[remarkValidateLinks as never, { repository: false }]],
        out: false,
        output: false,
        quiet: true,
        silent: true,
        reporter: () => '',
        streamError: { write: () => true } as unknown as NodeJS.WriteStream,
      },
      (error, _code, context) => {
        if (error) reject(error);
        else resolve((context?.files ?? []).flatMap((file) => file.messages.map((message) => `${path.relative(REPO_ROOT, file.path)}:${String(message)}`)));
      },
    );
  });
}

describe('documentation links', () => {
  it(`resolve in ${PAGES.length} pages (README.md, charts/lab/README.md, docs/)`, async () => {
    expect(PAGES.length).toBeGreaterThan(8);
    expect(await brokenLinks(PAGES)).toEqual([]);
  });

  it('are checked: a page with a broken file link and a broken heading is reported', async () => {
    const broken = await brokenLinks(['test/docs/fixtures/broken-links.md']);
    expect(broken).toEqual([
      expect.stringContaining('Cannot find file `../../../docs/no-such-page.md`'),
      expect.stringContaining('Cannot find heading for `#no-such-heading` in `../../../README.md`'),
    ]);
  });
});
