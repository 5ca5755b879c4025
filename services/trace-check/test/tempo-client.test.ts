import { beforeAll, describe, expect, it } from 'vitest';
import { startForwardingProxy, startTempoWithoutV2Api } from '../../../test-support/lab/forwarding-proxy';
import { startTempoStandin, type RunningTempoStandin } from '../../../test-support/lab/tempo-standin';
import { fetchTempoTrace } from '../src/tempo-client';
import { closeAfterAll, stopEverythingAfterAll } from '../../../test-support/lab/suite-lifecycle';

// trace-check's Tempo client against the real stand-in process (held to Tempo 2.10.8's answers), for a trace Tempo
// does not hold: the end-to-end suite (e2e/test/trace-check.test.ts) covers traces that arrive.
const UNKNOWN = '0123456789abcdef0123456789abcdef';
let tempo: RunningTempoStandin;
beforeAll(async () => {
  tempo = await startTempoStandin();
});
stopEverythingAfterAll();

describe('trace-check reads "not there (yet)" as Tempo says it', () => {
  it('v2 200 with an empty trace: no spans, and no fallback to v1 (the v2 route exists)', async () => {
    const counting = await startForwardingProxy(tempo.url);
    closeAfterAll(counting);
    const lookup = await fetchTempoTrace(counting.url, UNKNOWN);
    expect(lookup).toMatchObject({ spans: [], endpoint: `${counting.url}/api/v2/traces/${UNKNOWN}`, answer: `GET /api/v2/traces/${UNKNOWN} → 200 with an empty trace` });
    expect(counting.requests).toEqual([`GET /api/v2/traces/${UNKNOWN}`]);
  });

  it('a Tempo without the v2 route (404): asks v1, where 404 means not there (yet)', async () => {
    const old = await startTempoWithoutV2Api(tempo.url);
    closeAfterAll(old);
    const lookup = await fetchTempoTrace(old.url, UNKNOWN);
    expect(lookup.spans).toEqual([]);
    expect(lookup.answer).toBe(`GET /api/v2/traces/${UNKNOWN} → 404 404 page not found (no v2 API); GET /api/traces/${UNKNOWN} → 404`);
    expect(old.requests).toEqual([`GET /api/v2/traces/${UNKNOWN}`, `GET /api/traces/${UNKNOWN}`]);
  });

  it('any other answer is an error that quotes Tempo', async () => {
    await expect(fetchTempoTrace(tempo.url, 'xyz')).rejects.toThrow(
      "GET /api/v2/traces/xyz → 400 trace IDs can only contain hex characters: invalid character 'x' at position 1",
    );
  });
});
