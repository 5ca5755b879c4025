import { SERVICE_HOST, SERVICE_NAMES, SERVICE_PORT, SERVICE_START_COMMAND } from '@tracing-lab/contract';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test-support/repo-root';

// The files that cannot import services/contract say what it says: `npm start` of each service and the images'
// CMD, PORT and EXPOSE (e2e/test/lab-from-images.test.ts checks the built images too).
const dockerfile = readFileSync(join(REPO_ROOT, 'services', 'Dockerfile'), 'utf8');

describe('the start command, where it is written down', () => {
  it.each(SERVICE_NAMES)('%s: npm start runs SERVICE_START_COMMAND', (service) => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'services', service, 'package.json'), 'utf8')) as { scripts: { start: string } };
    expect(pkg.scripts.start).toBe(SERVICE_START_COMMAND.join(' '));
  });

  it("services/Dockerfile: the images' CMD is SERVICE_START_COMMAND, on SERVICE_HOST and SERVICE_PORT", () => {
    expect(dockerfile).toMatch(new RegExp(`^CMD ${escape(JSON.stringify(SERVICE_START_COMMAND).replaceAll(',', ', '))}$`, 'm'));
    expect(dockerfile).toMatch(new RegExp(`^ENV HOST=${escape(SERVICE_HOST)} PORT=${SERVICE_PORT} `, 'm'));
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${SERVICE_PORT}$`, 'm'));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
