import type { InvestmentObjective } from './investmentObjective.js';
import type { ProfileEvent } from './profileEvents.js';
import type { ClientIdentity, ExistingHolding, LiquidityNeeds } from './profileFieldCodecs.js';
import type { ProfileStatus } from './profileStatus.js';
import type { ClientId, HorizonYears, Instant, Last4, PortfolioId, ProfileId, RiskScore, UserId } from './profileValues.js';
import type { ReviewOutcome } from './reviewOutcome.js';
import type { TargetAllocation } from './targetAllocation.js';

export interface LinkedPortfolio {
  readonly portfolio_id: PortfolioId;
  readonly linked_at: Instant;
}

export interface ComplianceReview {
  readonly outcome: ReviewOutcome;
  readonly notes: string | null;
  readonly reviewer: UserId;
  readonly reviewed_at: Instant;
}

export interface RiskAssessmentRecord {
  readonly notes: string | null;
  readonly assessed_at: Instant;
}

export interface ApplicationRecord {
  readonly portfolio_id: PortfolioId | null;
  readonly submitted_at: Instant;
}

export interface AccountRecord {
  readonly account_number_last4: Last4;
  readonly custodian: string;
  readonly opened_at: Instant;
}

/**
 * A profile as `GET /profiles/{id}` serves it: JSON-ready, snake_case, decimals as strings. Contains client PII
 * (`client`): log it only through `redactProfile`.
 */
export interface ProfileView {
  readonly profile_id: ProfileId;
  readonly client_id: ClientId;
  readonly advisor_id: UserId;
  readonly status: ProfileStatus;
  readonly client: ClientIdentity;
  readonly investment_objectives: ReadonlyArray<InvestmentObjective>;
  readonly risk_score: RiskScore;
  readonly time_horizon_years: HorizonYears;
  readonly liquidity_needs: LiquidityNeeds | null;
  readonly target_allocation: TargetAllocation;
  readonly existing_holdings: ReadonlyArray<ExistingHolding>;
  /** In the order they were linked. */
  readonly linked_portfolios: ReadonlyArray<LinkedPortfolio>;
  /** In the order they were recorded; reviews accumulate and never change the status. */
  readonly compliance_reviews: ReadonlyArray<ComplianceReview>;
  /** The latest recorded risk assessment's notes and time; null while only the creation's figures exist. */
  readonly risk_assessment: RiskAssessmentRecord | null;
  readonly application: ApplicationRecord | null;
  readonly account: AccountRecord | null;
  readonly created_at: Instant;
  readonly updated_at: Instant;
}

/** The aggregate's state: `null` until the profile is created. */
export type ProfileState = ProfileView | null;

/** Before any event: no profile. */
export const initialProfileState: ProfileState = null;

/**
 * Folds one event into the profile. Pure and total: the decider never emits an event that does not apply, and an
 * event that cannot apply (e.g. anything before ProfileCreated) leaves the state as it is.
 */
export const evolveProfile = (state: ProfileState, event: ProfileEvent): ProfileState => {
  if (event.type === 'ProfileCreated') {
    if (state !== null) return state;
    const { data } = event;
    return {
      profile_id: data.profile_id,
      client_id: data.client_id,
      advisor_id: data.advisor_id,
      status: 'Draft',
      client: data.client,
      investment_objectives: data.investment_objectives,
      risk_score: data.risk_score,
      time_horizon_years: data.time_horizon_years,
      liquidity_needs: data.liquidity_needs,
      target_allocation: data.target_allocation,
      existing_holdings: data.existing_holdings,
      linked_portfolios: [],
      compliance_reviews: [],
      risk_assessment: null,
      application: null,
      account: null,
      created_at: data.at,
      updated_at: data.at,
    };
  }
  if (state === null) return state;
  const updated_at = event.data.at;
  switch (event.type) {
    case 'RiskAssessed':
      return {
        ...state,
        risk_score: event.data.risk_score,
        time_horizon_years: event.data.time_horizon_years,
        liquidity_needs: event.data.liquidity_needs,
        risk_assessment: { notes: event.data.notes, assessed_at: event.data.at },
        updated_at,
      };
    case 'ObjectivesSet':
      return { ...state, investment_objectives: event.data.investment_objectives, updated_at };
    case 'TargetAllocationSet':
      return { ...state, target_allocation: event.data.target_allocation, updated_at };
    case 'ProposalLinked':
      if (state.linked_portfolios.some((link) => link.portfolio_id === event.data.portfolio_id)) return state;
      return {
        ...state,
        status: state.status === 'Draft' ? 'Proposed' : state.status,
        linked_portfolios: [...state.linked_portfolios, { portfolio_id: event.data.portfolio_id, linked_at: event.data.at }],
        updated_at,
      };
    case 'ApplicationSubmitted':
      if (state.status !== 'Proposed') return state;
      return {
        ...state,
        status: 'Applied',
        application: { portfolio_id: event.data.portfolio_id, submitted_at: event.data.at },
        updated_at,
      };
    case 'AccountOpened':
      if (state.status !== 'Applied') return state;
      return {
        ...state,
        status: 'AccountOpened',
        account: { account_number_last4: event.data.account_number_last4, custodian: event.data.custodian, opened_at: event.data.at },
        updated_at,
      };
    case 'ComplianceReviewRecorded':
      return {
        ...state,
        compliance_reviews: [
          ...state.compliance_reviews,
          { outcome: event.data.outcome, notes: event.data.notes, reviewer: event.data.reviewer, reviewed_at: event.data.at },
        ],
        updated_at,
      };
  }
};
