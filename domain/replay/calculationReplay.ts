import * as E from 'fp-ts/lib/Either.js';
import type { BestInterestProfile } from '../bestInterest/bestInterestInput.js';
import { evaluateBestInterest } from '../bestInterest/bestInterestRules.js';
import { fromPortfolioResponse } from '../bestInterest/fromPortfolioResponse.js';
import type { ProposalRecord } from '../portfolio/portfolioEvents.js';
import { calculatePortfolio } from '../portfolioCalculation.js';
import { parsePortfolioRequest, toPortfolioRequestJson } from '../portfolioRequestParser.js';
import { differencesOf, type FigureDifference } from './figureDifference.js';
import { recordedIdsInDrawOrder } from './recordedIds.js';

/** What replaying one recorded calculation found. Nothing in either list means the record is reproduced exactly. */
export interface CalculationReplay {
  /** Recorded values the current engine and rules do not reproduce, in document order (request, proposal, findings). */
  readonly differences: ReadonlyArray<FigureDifference>;
  /** Parts that could not be recomputed at all, and why; nothing under them is verified. */
  readonly unverified: ReadonlyArray<string>;
}

/** The profile the findings were evaluated against, as it was when the proposal was decided. */
export type ReplayProfileFacts =
  | { readonly kind: 'no-profile' }
  | { readonly kind: 'known'; readonly facts: BestInterestProfile }
  /** The portfolio has a profile whose facts at the time cannot be established; recorded findings stay unverified. */
  | { readonly kind: 'unknown'; readonly reason: string };

// More ids than were recorded means the recomputation took another path (e.g. an error where none was recorded);
// such ids can never equal a recorded one, so the part shows up as a difference.
const replayIds = (recorded: ReadonlyArray<string>): (() => string) => {
  let next = 0;
  return () => {
    const id = recorded[next] ?? `unrecorded-id-${next + 1}`;
    next += 1;
    return id;
  };
};

const createdAtOf = (proposal: unknown): string => {
  const createdAt = typeof proposal === 'object' && proposal !== null ? (proposal as { created_at?: unknown }).created_at : undefined;
  return typeof createdAt === 'string' ? createdAt : '';
};

/**
 * Recomputes a recorded proposal (the data of a PortfolioProposed or PortfolioRevised event) with the current engine:
 * the recorded request is parsed again, calculated with the recorded ids in draw order and the recorded `created_at`,
 * and compared with the recorded response; recorded best-interest findings are evaluated again from the recomputed
 * response with the recorded thresholds and the profile's facts of the time. Pure: the same record and facts always
 * give the same answer.
 */
export const replayCalculation = (record: ProposalRecord, facts: ReplayProfileFacts): CalculationReplay => {
  const parsed = parsePortfolioRequest(record.request);
  if (E.isLeft(parsed)) {
    const problems = parsed.left.map((problem) => `${problem.path || '(body)'} ${problem.message}`).join('; ');
    return { differences: [], unverified: [`request: the recorded request is no longer valid (${problems})`] };
  }
  const request = parsed.right;
  const recomputed = {
    ...calculatePortfolio(request, { newId: replayIds(recordedIdsInDrawOrder(record.proposal)), createdAt: createdAtOf(record.proposal) }),
    // The proposal carries the portfolio's id, as the decider records it.
    uuid: record.portfolio_id,
  };
  const differences: FigureDifference[] = [
    ...differencesOf(record.request, toPortfolioRequestJson(request), 'request'),
    ...differencesOf(record.proposal, recomputed, 'proposal'),
  ];
  const unverified: string[] = [];
  const recordedEvaluation = record.best_interest;
  if (recordedEvaluation !== null) {
    if (facts.kind === 'known') {
      const evaluation = evaluateBestInterest(fromPortfolioResponse(recomputed), facts.facts, {
        insuranceLimit: recordedEvaluation.insurance_limit,
        concentrationShare: recordedEvaluation.concentration_share,
      });
      differences.push(...differencesOf(recordedEvaluation.findings, evaluation.findings, 'best_interest.findings'));
    } else {
      unverified.push(`best_interest: ${facts.kind === 'unknown' ? facts.reason : 'findings were recorded for a portfolio without a profile'}`);
    }
  } else if (facts.kind !== 'no-profile') {
    unverified.push('best_interest: the portfolio belongs to a profile but no best-interest evaluation was recorded');
  }
  return { differences, unverified };
};
