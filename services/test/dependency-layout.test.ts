import { ECHO_SERVICE, LOG_SERVICE, SERVICE_NAMES } from '@tracing-lab/contract';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { productionTree } from '../../test-support/lab/lock-closure';
import { REPO_ROOT } from '../../test-support/repo-root';

// The images' final stage copies the deps stage's root node_modules and nothing else (services/Dockerfile), so
// every production dependency of a service must be installed there: a package npm nests under a workspace folder
// (because a root dev tool wants another version of it) is missing from the image, which then cannot start.
// Read from package-lock.json alone; e2e/test/lab-from-images.test.ts checks the built images themselves.
describe.each(SERVICE_NAMES)('%s: the production dependency tree in package-lock.json', (service) => {
  it('is installed under the root node_modules, the only folder the image copies', () => {
    const dockerfile = readFileSync(join(REPO_ROOT, 'services', 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^COPY --from=deps \/app\/node_modules node_modules$/m);
    const outside = [...productionTree(`services/${service}`).packages.keys()].filter((path) => !path.startsWith('node_modules/'));
    expect(outside).toEqual([]);
  });
});

// trace-check ships in the log-service image without an install of its own (services/Dockerfile compiles it into
// log-service's dist/), so everything it needs at run time must already be in log-service's tree.
describe(`trace-check, shipped in the ${LOG_SERVICE} image`, () => {
  it(`needs no production dependency that ${LOG_SERVICE}'s tree does not hold`, () => {
    const logService = productionTree(`services/${LOG_SERVICE}`);
    const traceCheck = productionTree('services/trace-check');
    const missingPackages = [...traceCheck.packages].filter(([path, version]) => logService.packages.get(path) !== version);
    const missingLinks = [...traceCheck.links].filter(([path, target]) => target !== 'services/trace-check' && logService.links.get(path) !== target);
    expect(missingPackages).toEqual([]);
    expect(missingLinks).toEqual([]);
  });

  it(`is not in the ${ECHO_SERVICE} image's tree`, () => {
    expect([...productionTree(`services/${ECHO_SERVICE}`).links.values()]).not.toContain('services/trace-check');
  });
});
