import { Decimal } from 'decimal.js';
import * as E from 'fp-ts/lib/Either.js';
import { parseDecimalText } from '../decimalText.js';

/**
 * The best-interest rule set: which checks run, with which thresholds. Findings are recorded with `ruleSetVersion`, so
 * change the version whenever a rule, a message's meaning or a default threshold changes: recorded findings must
 * always be explainable by the rules that produced them.
 */
// 2026.11.2: deposit insurance and concentration count bank entries of the same name as one institution.
// 2026.11.3: liquidity flags a deposit whose maturity date could not be calculated instead of passing it over.
export const ruleSetVersion = '2026.11.3';

/** The rules, in the order their findings are listed. */
export const bestInterestRules = ['deposit-insurance', 'concentration', 'liquidity', 'horizon'] as const;
export type BestInterestRule = (typeof bestInterestRules)[number];

/** Thresholds of the rules, as decimal strings. */
export interface BestInterestConfig {
  /** Insured amount per depositor per bank (FDIC standard maximum: 250,000). */
  readonly insuranceLimit: string;
  /** Largest share (0..1) of the portfolio amount one bank may hold without a finding; exactly this share is fine. */
  readonly concentrationShare: string;
}

export const defaultBestInterestConfig: BestInterestConfig = { insuranceLimit: '250000', concentrationShare: '0.5' };

/**
 * Checks thresholds from configuration (e.g. the environment) at start-up: a limit that is not a decimal >= 0 or a
 * share outside (0, 1] would silently switch a rule off, so it is refused with the reason instead.
 */
export const parseBestInterestConfig = (raw: Partial<Record<keyof BestInterestConfig, string>>): E.Either<string, BestInterestConfig> => {
  const insuranceLimit = raw.insuranceLimit ?? defaultBestInterestConfig.insuranceLimit;
  const concentrationShare = raw.concentrationShare ?? defaultBestInterestConfig.concentrationShare;
  const limit = parseDecimalText(insuranceLimit);
  if (E.isLeft(limit)) return E.left(`insurance limit ${limit.left}`);
  const share = parseDecimalText(concentrationShare);
  if (E.isLeft(share) || new Decimal(share.right).isZero() || new Decimal(share.right).gt(1)) {
    return E.left('concentration share must be a decimal string greater than 0 and at most 1');
  }
  return E.right({ insuranceLimit: limit.right, concentrationShare: share.right });
};
