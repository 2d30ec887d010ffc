import type { InvestmentObjective } from './investmentObjective.js';
import type { ClientIdentity, ExistingHolding, LiquidityNeeds } from './profileFieldCodecs.js';
import type { ClientId, HorizonYears, Instant, Last4, PortfolioId, ProfileId, RiskScore, UserId } from './profileValues.js';
import type { ReviewOutcome } from './reviewOutcome.js';
import type { TargetAllocation } from './targetAllocation.js';

/**
 * Commands of the Client Investment Profile aggregate: pure data, field names as in the HTTP bodies and events.
 * Who issues a command and when is not part of it: the application supplies that as `ProfileCommandMeta` from the
 * authenticated principal and its clock (see `IssuedProfileCommand`). Ids are generated outside and passed in.
 */

/** Creates the profile in Draft. `POST /profiles`; the advisor is the command's actor. */
export interface CreateProfile {
  readonly type: 'CreateProfile';
  readonly profile_id: ProfileId;
  readonly client_id: ClientId;
  readonly client: ClientIdentity;
  readonly investment_objectives: ReadonlyArray<InvestmentObjective>;
  readonly risk_score: RiskScore;
  readonly time_horizon_years: HorizonYears;
  readonly liquidity_needs: LiquidityNeeds | null;
  readonly target_allocation: TargetAllocation;
  readonly existing_holdings: ReadonlyArray<ExistingHolding>;
}

/** Replaces risk score, horizon and liquidity needs. `POST /profiles/{id}/risk-assessments`; Draft or Proposed. */
export interface RecordRiskAssessment {
  readonly type: 'RecordRiskAssessment';
  readonly risk_score: RiskScore;
  readonly time_horizon_years: HorizonYears;
  readonly liquidity_needs: LiquidityNeeds | null;
  readonly notes: string | null;
}

/** Replaces the investment objectives. `/profiles/{id}/objectives`; Draft or Proposed. */
export interface SetObjectives {
  readonly type: 'SetObjectives';
  readonly investment_objectives: ReadonlyArray<InvestmentObjective>;
}

/** Replaces the target allocation. `/profiles/{id}/target-allocation`; Draft or Proposed. */
export interface SetTargetAllocation {
  readonly type: 'SetTargetAllocation';
  readonly target_allocation: TargetAllocation;
}

/** Issued by the portfolio side when a portfolio is proposed for the profile (no HTTP body of its own). */
export interface LinkProposal {
  readonly type: 'LinkProposal';
  readonly portfolio_id: PortfolioId;
}

/** The client applies. `POST /profiles/{id}/applications`; Proposed → Applied. */
export interface SubmitApplication {
  readonly type: 'SubmitApplication';
  /** The proposal applied for; it must be linked. `null` when the application does not name one. */
  readonly portfolio_id: PortfolioId | null;
}

/** The custodian opened the account. `POST /profiles/{id}/account-openings`; Applied → AccountOpened. */
export interface RecordAccountOpening {
  readonly type: 'RecordAccountOpening';
  readonly account_number_last4: Last4;
  readonly custodian: string;
}

/** A compliance reviewer's conclusion. `POST /profiles/{id}/compliance-reviews`; Proposed or later. */
export interface RecordComplianceReview {
  readonly type: 'RecordComplianceReview';
  readonly outcome: ReviewOutcome;
  /** Required unless the outcome is `approved`. */
  readonly notes: string | null;
}

export type ProfileCommand =
  | CreateProfile
  | RecordRiskAssessment
  | SetObjectives
  | SetTargetAllocation
  | LinkProposal
  | SubmitApplication
  | RecordAccountOpening
  | RecordComplianceReview;

/** Who issues a command and when: from the authenticated principal and the clock, never from a request body. */
export interface ProfileCommandMeta {
  readonly actor: UserId;
  /** The instant of the decision; it becomes the events' `at` and so the profile's `created_at`/`updated_at`. */
  readonly at: Instant;
}

/** What the profile decider decides on. */
export interface IssuedProfileCommand {
  readonly command: ProfileCommand;
  readonly meta: ProfileCommandMeta;
}
