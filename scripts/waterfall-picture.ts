/**
 * `make waterfall-picture`: README's picture of a waterfall, made from a real demo trace, never drawn by hand. Runs
 * scripts/demo.sh once (DEMO_ONCE=1: the Tempo stand-in and both services on 127.0.0.1, three requests through
 * trace-check, each waterfall also written as a page with --html), opens the last request's page (a `GET /info`
 * once the services are warm, as most of a learner's requests are) in headless
 * Chromium (the Debian package, as its test does: e2e/test/waterfall-page.test.ts) and writes a screenshot of it to
 * docs/images/waterfall.png. The demo's own ports when they are free, else free ones.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { launchHeadlessChromium } from '../test-support/browser/headless-chromium';
import { freePort } from '../test-support/lab/free-port';
import { REPO_ROOT } from '../test-support/repo-root';

const PICTURE = path.join('docs', 'images', 'waterfall.png');
const DEMO_PORTS = { DEMO_LOG_PORT: 8080, DEMO_ECHO_PORT: 8081, DEMO_TEMPO_HTTP_PORT: 3200, DEMO_TEMPO_GRPC_PORT: 4317 };
/** Wide enough for the page's columns and a track of a readable scale. */
const VIEWPORT = { width: 1000, height: 600 };

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function demoPorts(): Promise<Record<string, string>> {
  const ports: Record<string, string> = {};
  for (const [name, port] of Object.entries(DEMO_PORTS)) ports[name] = String((await isFree(port)) ? port : await freePort());
  return ports;
}

async function main(): Promise<void> {
  const demo = spawnSync(path.join(REPO_ROOT, 'scripts', 'demo.sh'), [], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...(await demoPorts()), DEMO_ONCE: '1' },
    encoding: 'utf8',
    timeout: 300_000,
  });
  const output = `${demo.stdout}${demo.stderr}`;
  if (demo.status !== 0) throw new Error(`scripts/demo.sh failed (exit ${demo.status}):\n${output}`);
  const page = [...output.matchAll(/^ {2}its waterfall as a page: (\S+)$/gm)].at(-1)?.[1];
  const traceId = [...output.matchAll(/^demo: request \d's trace is ([0-9a-f]{32}):$/gm)].at(-1)?.[1];
  if (page === undefined || traceId === undefined) throw new Error(`scripts/demo.sh named no waterfall page:\n${output}`);

  const chromium = await launchHeadlessChromium();
  try {
    const browser = await chromium.newPage(VIEWPORT);
    await browser.goto(`file://${page}`);
    await browser.locator('main').screenshot({ path: path.join(REPO_ROOT, PICTURE) });
  } finally {
    await chromium.close();
  }
  console.log(`waterfall-picture: wrote ${PICTURE} from trace ${traceId} (${page})`);
}

main().catch((error: unknown) => {
  console.error(`waterfall-picture: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
