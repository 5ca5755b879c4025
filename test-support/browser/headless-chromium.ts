import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * The Debian package's Chromium (`chromium`, installed by scripts/provision-debian-packages.sh), headless, driven with
 * playwright-core: for trace-check's HTML waterfall (its test, and README's picture). Launched so that it reaches
 * nothing on its own (no QUIC, background networking, component updates or sync) with a fresh profile of its own
 * (playwright takes the profile folder, `--user-data-dir`, as launchPersistentContext's first argument).
 */
export const CHROMIUM = '/usr/bin/chromium';

export interface HeadlessChromium {
  context: BrowserContext;
  /** A new page of the given viewport. */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function launchHeadlessChromium(): Promise<HeadlessChromium> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install the Debian packages chromium and chromium-driver (scripts/provision-debian-packages.sh does)`);
  }
  const profile = mkdtempSync(path.join(tmpdir(), 'tracing-lab-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async newPage(viewport = { width: 1200, height: 600 }) {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
