import { ECHO_SERVICE, HEALTH_PATH, SERVICE_HOST } from '@tracing-lab/contract';
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { stopAllProcesses } from '../../../test-support/lab/managed-process';
import { startService } from '../../../test-support/lab/service-process';

// Where a service listens (HOST, run-server.ts), seen from outside the process: Linux routes all of 127.0.0.0/8 to
// the loopback interface, so a socket bound to every interface accepts a connection to 127.0.0.2 and one bound to
// 127.0.0.1 refuses it. No other interface of the machine is needed.
afterAll(stopAllProcesses);

/** Whether a TCP connection to `host:port` is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('a service listens on the address HOST names', () => {
  it('HOST=127.0.0.1: this machine only, 127.0.0.2 is refused', async () => {
    const echo = await startService(ECHO_SERVICE, { HOST: '127.0.0.1' });
    expect(await accepts('127.0.0.1', echo.port)).toBe(true);
    expect(await accepts('127.0.0.2', echo.port)).toBe(false);
    expect(JSON.parse(echo.process.output().split('\n').find((line) => line.includes('"msg":"listening"'))!)).toMatchObject({ host: '127.0.0.1', port: echo.port });
  });

  it(`without HOST: every interface (${SERVICE_HOST}), as in the images and the chart`, async () => {
    const echo = await startService(ECHO_SERVICE, { HOST: '' });
    expect(await accepts('127.0.0.2', echo.port)).toBe(true);
    expect((await fetch(`http://127.0.0.2:${echo.port}${HEALTH_PATH}`)).status).toBe(200);
  });
});
