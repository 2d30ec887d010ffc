import { engineVersion } from '../domain/portfolioCalculation.js';
import { portfolioDecider, type PortfolioCommand, type PortfolioState } from '../domain/portfolio/portfolioDecider.js';
import { portfolioEventCodec, type PortfolioEvent } from '../domain/portfolio/portfolioEvents.js';
import { portfolioEventSchema, portfolioEventSchemaVersions } from '../domain/schemaEvolution/portfolioEventSchema.js';
import type { AggregateType } from './aggregateType.js';
import { registryEventDecoder } from './storedEventDecoder.js';

/**
 * Portfolio proposals: streams `portfolio-<id>`. Calculations record the engine version, findings the rule set's.
 * Old event shapes are upcast through `portfolioEventSchema`.
 */
export const portfolioAggregate: AggregateType<PortfolioCommand, PortfolioEvent, PortfolioState> = {
  streamPrefix: 'portfolio',
  decider: portfolioDecider,
  decode: registryEventDecoder(portfolioEventCodec, portfolioEventSchema),
  encode: (event) => {
    const schemaVersion = portfolioEventSchemaVersions[event.type];
    if (event.type === 'PortfolioWithdrawn') return { type: event.type, schemaVersion, data: event.data };
    const ruleSet = event.data.best_interest?.rule_set_version;
    return {
      type: event.type,
      schemaVersion,
      data: event.data,
      engineVersion,
      ...(ruleSet === undefined ? {} : { ruleSetVersion: ruleSet }),
    };
  },
  // A proposal holds its request and response per deposit, and may have thousands of deposits.
  weight: (state) => (state.status === 'none' ? 1 : 1 + state.proposal.banks.reduce((deposits, bank) => deposits + bank.deposits.length, 0)),
};
