import { engineVersion } from '../domain/portfolioCalculation.js';
import { portfolioDecider, type PortfolioCommand, type PortfolioState } from '../domain/portfolio/portfolioDecider.js';
import { portfolioEventCodec, type PortfolioEvent } from '../domain/portfolio/portfolioEvents.js';
import type { AggregateType } from './aggregateType.js';
import { storedEventDecoder } from './storedEventDecoder.js';

/** Schema version of every portfolio event type. */
export const portfolioEventSchemaVersion = 1;

/** Portfolio proposals: streams `portfolio-<id>`. Calculations record the engine version, findings the rule set's. */
export const portfolioAggregate: AggregateType<PortfolioCommand, PortfolioEvent, PortfolioState> = {
  streamPrefix: 'portfolio',
  decider: portfolioDecider,
  decode: storedEventDecoder(portfolioEventCodec, () => portfolioEventSchemaVersion),
  encode: (event) => {
    if (event.type === 'PortfolioWithdrawn') return { type: event.type, schemaVersion: portfolioEventSchemaVersion, data: event.data };
    const ruleSet = event.data.best_interest?.rule_set_version;
    return {
      type: event.type,
      schemaVersion: portfolioEventSchemaVersion,
      data: event.data,
      engineVersion,
      ...(ruleSet === undefined ? {} : { ruleSetVersion: ruleSet }),
    };
  },
};
