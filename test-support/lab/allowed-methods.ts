import { describe, expect, it } from 'vitest';
import type { RunningService } from './service-process';

/** The methods every route is tried with: what a client (or a scanner) may send. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * Every route of a service tried with every method of METHODS: a method the route documents is answered with
 * anything but 405 (a POST without a body may well be a 400), every other one 405 with an `Allow` header naming
 * exactly the documented methods, as RFC 9110 asks of a 405 ("the target resource's currently supported methods").
 * `routes` maps each path to the methods its documentation names, written out by the caller.
 */
export function describeAllowedMethods(service: () => RunningService, routes: Readonly<Record<string, readonly string[]>>): void {
  describe('a wrong method gets 405 with Allow naming exactly the methods the route answers', () => {
    it.each(Object.entries(routes))('%s allows %j', async (path, allowed) => {
      const answers: string[] = [];
      for (const method of METHODS) {
        const response = await fetch(`${service().url}${path}`, { method });
        await response.arrayBuffer();
        const allow = response.headers.get('allow');
        answers.push(`${method} → ${response.status === 405 ? `405, Allow: ${allow}` : 'answered'}`);
      }
      const expected = METHODS.map((method) => `${method} → ${allowed.includes(method) ? 'answered' : `405, Allow: ${allowed.join(', ')}`}`);
      expect(answers).toEqual(expected);
    });
  });
}
