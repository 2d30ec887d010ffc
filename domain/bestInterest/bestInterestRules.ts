import * as t from 'io-ts';
import type { BestInterestPortfolio, BestInterestProfile } from './bestInterestInput.js';
import { concentrationFindings } from './concentrationRule.js';
import { depositInsuranceFindings } from './depositInsuranceRule.js';
import { findingCodec } from './finding.js';
import type { Finding } from './finding.js';
import { horizonFindings } from './horizonRule.js';
import { liquidityFindings } from './liquidityRule.js';
import { defaultBestInterestConfig, ruleSetVersion } from './ruleSet.js';
import type { BestInterestConfig } from './ruleSet.js';

/** Everything to record with a proposal: the findings and what produced them (rule set version and thresholds). */
export interface BestInterestEvaluation {
  readonly rule_set_version: string;
  readonly insurance_limit: string;
  readonly concentration_share: string;
  readonly findings: ReadonlyArray<Finding>;
}

/** Decodes a recorded evaluation (e.g. inside a portfolio event). */
export const bestInterestEvaluationCodec: t.Type<BestInterestEvaluation, BestInterestEvaluation, unknown> = t.strict(
  {
    rule_set_version: t.string,
    insurance_limit: t.string,
    concentration_share: t.string,
    findings: t.readonlyArray(findingCodec),
  },
  'BestInterestEvaluation',
);

/**
 * Evaluates a proposed portfolio against the client's profile (domain.md §5). Pure and total: it never throws and
 * never blocks; findings are listed by rule (deposit insurance, concentration, liquidity, horizon), then in the
 * portfolio's bank and deposit order.
 */
export const evaluateBestInterest = (
  portfolio: BestInterestPortfolio,
  profile: BestInterestProfile,
  config: BestInterestConfig = defaultBestInterestConfig,
): BestInterestEvaluation => ({
  rule_set_version: ruleSetVersion,
  insurance_limit: config.insuranceLimit,
  concentration_share: config.concentrationShare,
  findings: [
    ...depositInsuranceFindings(portfolio, config),
    ...concentrationFindings(portfolio, config),
    ...liquidityFindings(portfolio, profile),
    ...horizonFindings(portfolio, profile),
  ],
});
