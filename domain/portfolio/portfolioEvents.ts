import * as t from 'io-ts';
import { bestInterestEvaluationCodec, type BestInterestEvaluation } from '../bestInterest/bestInterestRules.js';
import type { PortfolioRequestJson } from '../portfolioRequestParser.js';
import type { PortfolioResponse } from '../portfolioResponse.js';

/**
 * What was shown to the client: the request as parsed (normalised) and the calculated response, with the
 * best-interest evaluation when the portfolio was proposed for a profile. Recorded whole so an audit can show it years
 * later exactly as it was, and recompute it to prove the figures.
 */
export interface ProposalRecord {
  readonly portfolio_id: string;
  readonly request: PortfolioRequestJson;
  readonly proposal: PortfolioResponse;
  readonly best_interest: BestInterestEvaluation | null;
  /** The version of the profile whose facts the findings were evaluated on: schema version 2, when proposed for a profile. */
  readonly profile_version?: number;
}

export interface PortfolioProposed {
  readonly type: 'PortfolioProposed';
  readonly data: ProposalRecord & { readonly profile_id: string | null; readonly advisor_id: string };
}

export interface PortfolioRevised {
  readonly type: 'PortfolioRevised';
  /** `revision` counts from 1 for the first revision (the original proposal is revision 0). */
  readonly data: ProposalRecord & { readonly revision: number };
}

export interface PortfolioWithdrawn {
  readonly type: 'PortfolioWithdrawn';
  readonly data: { readonly portfolio_id: string; readonly reason: string | null; readonly at: string };
}

export type PortfolioEvent = PortfolioProposed | PortfolioRevised | PortfolioWithdrawn;

// The calculated response is produced by our own engine and stored verbatim; its envelope is checked here and its
// figures are re-verified by `fiducia audit replay`, which recomputes them from the recorded request.
const envelope = <A>(name: string, shape: t.Any): t.Type<A, A, unknown> =>
  new t.Type<A, A, unknown>(
    name,
    (u): u is A => shape.is(u),
    (u, c) => (shape.is(u) ? t.success(u as A) : t.failure(u, c)),
    t.identity,
  );
const responseCodec = envelope<PortfolioResponse>(
  'PortfolioResponse',
  t.type({ uuid: t.string, created_at: t.string, banks: t.UnknownArray, outcome: t.UnknownRecord }),
);
const requestCodec = envelope<PortfolioRequestJson>('PortfolioRequestJson', t.type({ new_delta: t.UnknownRecord, new_banks: t.UnknownArray }));
const proposalRecord = {
  portfolio_id: t.string,
  request: requestCodec,
  proposal: responseCodec,
  best_interest: t.union([bestInterestEvaluationCodec, t.null]),
};

const profileVersion = t.partial({ profile_version: t.number });

/** Decodes a stored portfolio event (current schema version). */
export const portfolioEventCodec: t.Type<PortfolioEvent, PortfolioEvent, unknown> = t.union([
  t.type({
    type: t.literal('PortfolioProposed'),
    data: t.intersection([t.type({ ...proposalRecord, profile_id: t.union([t.string, t.null]), advisor_id: t.string }), profileVersion]),
  }),
  t.type({ type: t.literal('PortfolioRevised'), data: t.intersection([t.type({ ...proposalRecord, revision: t.number }), profileVersion]) }),
  t.type({ type: t.literal('PortfolioWithdrawn'), data: t.type({ portfolio_id: t.string, reason: t.union([t.string, t.null]), at: t.string }) }),
]);
