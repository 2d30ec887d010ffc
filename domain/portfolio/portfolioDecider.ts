import { left, right } from 'fp-ts/lib/Either.js';
import { evaluateBestInterest, type BestInterestEvaluation } from '../bestInterest/bestInterestRules.js';
import type { BestInterestProfile } from '../bestInterest/bestInterestInput.js';
import { fromPortfolioResponse } from '../bestInterest/fromPortfolioResponse.js';
import type { BestInterestConfig } from '../bestInterest/ruleSet.js';
import type { Decider } from '../decider.js';
import { calculatePortfolio, type CalculationContext } from '../portfolioCalculation.js';
import type { PortfolioRequest } from '../portfolioRequest.js';
import { toPortfolioRequestJson, type PortfolioRequestJson } from '../portfolioRequestParser.js';
import type { PortfolioResponse } from '../portfolioResponse.js';
import type { PortfolioEvent, ProposalRecord } from './portfolioEvents.js';

/** The profile a proposal is made for: its id and the facts the best-interest rules read. */
export interface ProposalProfile {
  readonly profileId: string;
  readonly facts: BestInterestProfile;
  /** The profile's stream version those facts are read at, recorded so an audit replays against exactly them. */
  readonly version: number;
}

export type PortfolioCommand =
  | {
      readonly kind: 'ProposePortfolio';
      readonly portfolioId: string;
      readonly advisorId: string;
      readonly request: PortfolioRequest;
      readonly calculation: CalculationContext;
      readonly profile: ProposalProfile | null;
      readonly bestInterestConfig?: BestInterestConfig;
    }
  | {
      readonly kind: 'RevisePortfolio';
      readonly request: PortfolioRequest;
      readonly calculation: CalculationContext;
      /** The linked profile's facts as they are now, with their version; null when the portfolio has no profile. */
      readonly profile: Omit<ProposalProfile, 'profileId'> | null;
      readonly bestInterestConfig?: BestInterestConfig;
    }
  | { readonly kind: 'WithdrawPortfolio'; readonly reason: string | null; readonly at: string };

/** A portfolio as served by `GET /portfolios/{id}`: the current proposal and where it stands. */
export interface PortfolioView {
  readonly status: 'proposed' | 'withdrawn';
  readonly portfolio_id: string;
  readonly profile_id: string | null;
  readonly advisor_id: string;
  /** 0 for the original proposal, then 1, 2, ... per revision. */
  readonly revision: number;
  readonly request: PortfolioRequestJson;
  readonly proposal: PortfolioResponse;
  readonly best_interest: BestInterestEvaluation | null;
  readonly withdrawal: { readonly reason: string | null; readonly at: string } | null;
}

export type PortfolioState = { readonly status: 'none' } | PortfolioView;

const record = (
  portfolioId: string,
  request: PortfolioRequest,
  calculation: CalculationContext,
  profile: Omit<ProposalProfile, 'profileId'> | null,
  config: BestInterestConfig | undefined,
): ProposalRecord => {
  const proposal = { ...calculatePortfolio(request, calculation), uuid: portfolioId };
  return {
    portfolio_id: portfolioId,
    request: toPortfolioRequestJson(request),
    proposal,
    best_interest: profile === null ? null : evaluateBestInterest(fromPortfolioResponse(proposal), profile.facts, config),
    ...(profile === null ? {} : { profile_version: profile.version }),
  };
};

/** The portfolio proposal aggregate: propose, revise with new inputs (recalculated), withdraw. */
export const portfolioDecider: Decider<PortfolioCommand, PortfolioEvent, PortfolioState> = {
  initialState: { status: 'none' },
  decide: (command, state) => {
    switch (command.kind) {
      case 'ProposePortfolio':
        if (state.status !== 'none') return left({ kind: 'already-exists', message: `portfolio ${command.portfolioId} exists already` });
        return right([
          {
            type: 'PortfolioProposed',
            data: {
              ...record(command.portfolioId, command.request, command.calculation, command.profile, command.bestInterestConfig),
              profile_id: command.profile?.profileId ?? null,
              advisor_id: command.advisorId,
            },
          },
        ]);
      case 'RevisePortfolio':
        if (state.status === 'none') return left({ kind: 'not-found', message: 'no such portfolio' });
        if (state.status === 'withdrawn') return left({ kind: 'invalid-transition', message: 'a withdrawn portfolio cannot be revised' });
        return right([
          {
            type: 'PortfolioRevised',
            data: {
              ...record(state.portfolio_id, command.request, command.calculation, command.profile, command.bestInterestConfig),
              revision: state.revision + 1,
            },
          },
        ]);
      case 'WithdrawPortfolio':
        if (state.status === 'none') return left({ kind: 'not-found', message: 'no such portfolio' });
        if (state.status === 'withdrawn') return left({ kind: 'invalid-transition', message: 'the portfolio is withdrawn already' });
        return right([{ type: 'PortfolioWithdrawn', data: { portfolio_id: state.portfolio_id, reason: command.reason, at: command.at } }]);
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'PortfolioProposed':
        return { status: 'proposed', ...event.data, revision: 0, withdrawal: null };
      case 'PortfolioRevised':
        if (state.status === 'none') return state;
        return { ...state, ...event.data };
      case 'PortfolioWithdrawn':
        if (state.status === 'none') return state;
        return { ...state, status: 'withdrawn', withdrawal: { reason: event.data.reason, at: event.data.at } };
    }
  },
};
