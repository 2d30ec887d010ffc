import type { PortfolioEvent } from '../portfolio/portfolioEvents.js';
import { upcasterRegistry } from './upcasterRegistry.js';

/**
 * Current schema version of each portfolio event type. Changing a type's data shape means: bump its version here,
 * add the upcaster from the old version to the list below, and add golden events of the new version under
 * tests/golden (the old ones stay and must keep decoding).
 */
export const portfolioEventSchemaVersions: Readonly<Record<PortfolioEvent['type'], number>> = {
  PortfolioProposed: 2,
  PortfolioRevised: 2,
  PortfolioWithdrawn: 1,
};

/**
 * Version 2 of a proposal or revision adds `profile_version`: the version of the linked profile its findings were
 * evaluated on, present whenever it was proposed for a profile. At version 1 it is optional (the builds just before the
 * bump wrote it there too) and is kept as it is; where it is absent, an audit replay evaluates the findings against the
 * profile as of the event's recorded time instead.
 */
const withoutProfileVersion = (data: unknown): unknown => data;

/** The schema history of portfolio events. */
export const portfolioEventSchema = upcasterRegistry('portfolio', portfolioEventSchemaVersions, [
  { type: 'PortfolioProposed', fromVersion: 1, upcast: withoutProfileVersion },
  { type: 'PortfolioRevised', fromVersion: 1, upcast: withoutProfileVersion },
]);
