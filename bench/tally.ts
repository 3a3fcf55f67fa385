/**
 * What a measured run learnt of its responses, whichever generator sent them (load.ts at
 * saturation, paced.ts at an offered rate): latencies, non-2xx, bodies with GraphQL `errors`,
 * socket errors, and every Nth body parsed and checked for the data the workload expects.
 */
import type { Workload } from './workloads.ts';

export interface Tally {
  latencies: number[];
  non2xx: number;
  graphqlErrors: number;
  socketErrors: number;
  invalid: number;
  checked: number;
  samples: Set<string>;
}

/** Tallies one response: a non-2xx, a body with GraphQL `errors`, and every Nth parsed and checked in full. */
export function responseChecker(o: { workload: Pick<Workload, 'check'>; checkEvery: number }, tally: Tally) {
  let seen = 0;
  return {
    sample(text: string) { if (tally.samples.size < 5) tally.samples.add(text.slice(0, 300)); },
    check(status: number, body: string) {
      seen++;
      if (status < 200 || status >= 300) {
        tally.non2xx++;
        this.sample(`HTTP ${status}: ${body}`);
        return;
      }
      // Unescaped `"errors":` can only be the key: inside a JSON string its quotes are escaped.
      if (body.includes('"errors":')) {
        tally.graphqlErrors++;
        this.sample(body);
        return;
      }
      if (seen % o.checkEvery !== 0) return;
      tally.checked++;
      let problem: string | null;
      try {
        problem = o.workload.check(JSON.parse(body));
      } catch (err) {
        problem = `unparsable response: ${(err as Error).message}`;
      }
      if (problem) {
        tally.invalid++;
        this.sample(`${problem}: ${body}`);
      }
    },
  };
}

export const newTally = (): Tally => ({ latencies: [], non2xx: 0, graphqlErrors: 0, socketErrors: 0, invalid: 0, checked: 0, samples: new Set() });
