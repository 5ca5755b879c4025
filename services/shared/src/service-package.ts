import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface PackageInfo {
  name: string;
  version: string;
}

/**
 * Name and version of the service whose entry script is running, read from the nearest package.json above it
 * (`@tracing-lab/log-service` → `log-service`). Lets `npm start` work without setting OTEL_SERVICE_NAME.
 */
export function readServicePackage(entryScript: string | undefined = process.argv[1]): PackageInfo {
  let dir = entryScript ? dirname(entryScript) : process.cwd();
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as Partial<PackageInfo>;
      return { name: (pkg.name ?? 'unknown_service').replace(/^@[^/]+\//, ''), version: pkg.version ?? '0.0.0' };
    }
    const parent = dirname(dir);
    if (parent === dir) return { name: 'unknown_service', version: '0.0.0' };
    dir = parent;
  }
}
