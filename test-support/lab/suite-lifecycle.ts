import { afterAll, beforeAll } from 'vitest';
import { ECHO_SERVICE } from '@tracing-lab/contract';
import { FAST_EXPORT, startLab, type Lab, type LabEnvironment } from './loopback-lab';
import { stopAllProcesses } from './managed-process';
import { startService } from './service-process';
import { startTempoStandin } from './tempo-standin';

/**
 * The set-up and tear-down test files share. Everything a file starts is stopped after its tests, also when one
 * failed: every process (managed-process.ts) and every server handed to `closeAfterAll`.
 */

const servers: Array<{ close(): Promise<void> }> = [];

/** Closes `server` (a proxy, a misbehaving peer) after the file's tests; returns it. */
export function closeAfterAll<T extends { close(): Promise<void> }>(server: T): T {
  servers.push(server);
  return server;
}

/** Registers the file's afterAll that closes every server of `closeAfterAll` and stops every process. */
export function stopEverythingAfterAll(): void {
  afterAll(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
    await stopAllProcesses();
  });
}

/**
 * The whole lab on loopback for one test file (loopback-lab.ts), started before its tests and stopped after them.
 * The object returned is filled in by the beforeAll: read its fields inside tests and hooks, not at load time.
 */
export function labForThisFile(env: LabEnvironment = {}): Lab {
  const lab = {} as Lab;
  beforeAll(async () => {
    Object.assign(lab, await startLab(env));
  });
  stopEverythingAfterAll();
  return lab;
}

/**
 * The Tempo stand-in and echo-service alone, for one test file that starts log-services of its own (each configured
 * as the test needs), started before its tests and stopped after them like `labForThisFile`.
 */
export function echoServiceForThisFile(): Pick<Lab, 'tempo' | 'echo'> {
  const lab = {} as Pick<Lab, 'tempo' | 'echo'>;
  beforeAll(async () => {
    lab.tempo = await startTempoStandin();
    lab.echo = await startService(ECHO_SERVICE, { ...FAST_EXPORT, OTEL_EXPORTER_OTLP_ENDPOINT: lab.tempo.otlpEndpoint });
  });
  stopEverythingAfterAll();
  return lab;
}
