/** What every finance resolver receives: built fresh per request (`main.ts`). */
import type { BaseContext } from '../../lib/subgraph.ts';
import type { Db } from './db/client.ts';
import type { Loaders } from './loaders.ts';
import type { Borrowers } from './loans/borrowers.ts';
import type { Institutions } from './lenders.ts';

/** Made once at start (`main.ts` setup); a test hands in its own through `given`. */
export interface FinanceDeps {
  /** Who a reported borrower is (industry, region): the enterprise subgraph. */
  borrowers: Borrowers;
  /** The enterprise subgraph's URL, when only known after this subgraph started (the test stack). */
  enterpriseUrl: () => string;
  /** What the platform knows of an institution a lender is tied to: the platform subgraph. */
  institutions: Institutions;
  /** The platform subgraph's URL, when only known after this subgraph started (the test stack). */
  platformUrl: () => string;
}

export interface Context extends BaseContext<Db> {
  loaders: Loaders;
  borrowers: Borrowers;
  institutions: Institutions;
}
