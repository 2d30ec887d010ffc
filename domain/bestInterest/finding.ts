import * as t from 'io-ts';
import type { BestInterestRule } from './ruleSet.js';
import { bestInterestRules } from './ruleSet.js';

/**
 * One best-interest finding: evidence recorded with a proposal, never a reason to refuse it. `figures` holds the
 * numbers the rule compared, as strings, so a reviewer can re-check the finding without recalculating.
 */
export interface Finding {
  readonly rule: BestInterestRule;
  readonly severity: 'warning';
  readonly subject: FindingSubject;
  readonly message: string;
  readonly figures: Readonly<Record<string, string>>;
}

/** What the finding is about: a bank, or one deposit of a bank. */
export interface FindingSubject {
  readonly bank_uuid?: string;
  readonly deposit_uuid?: string;
}

/** Decodes a stored finding (e.g. inside a portfolio event). */
export const findingCodec: t.Type<Finding, Finding, unknown> = t.strict(
  {
    rule: t.keyof(Object.fromEntries(bestInterestRules.map((rule) => [rule, null])) as Record<BestInterestRule, null>),
    severity: t.literal('warning'),
    subject: t.exact(t.partial({ bank_uuid: t.string, deposit_uuid: t.string })),
    message: t.string,
    figures: t.record(t.string, t.string),
  },
  'Finding',
);

/** A warning about a bank or a deposit. */
export const warning = (rule: BestInterestRule, subject: FindingSubject, message: string, figures: Record<string, string>): Finding => ({
  rule,
  severity: 'warning',
  subject,
  message,
  figures,
});
