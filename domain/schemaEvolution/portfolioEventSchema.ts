import type { PortfolioEvent } from '../portfolio/portfolioEvents.js';
import { upcasterRegistry } from './upcasterRegistry.js';

/**
 * Current schema version of each portfolio event type. Changing a type's data shape means: bump its version here,
 * add the upcaster from the old version to the list below, and add golden events of the new version under
 * tests/golden (the old ones stay and must keep decoding).
 */
export const portfolioEventSchemaVersions: Readonly<Record<PortfolioEvent['type'], number>> = {
  PortfolioProposed: 1,
  PortfolioRevised: 1,
  PortfolioWithdrawn: 1,
};

/** The schema history of portfolio events: every type is still at version 1, so no upcasters yet. */
export const portfolioEventSchema = upcasterRegistry('portfolio', portfolioEventSchemaVersions, []);
