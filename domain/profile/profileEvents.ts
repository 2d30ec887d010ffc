import * as t from 'io-ts';
import {
  calendarDateCodec,
  clientIdCodec,
  clientIdentityCodec,
  custodianCodec,
  exactObject,
  holdingsCodec,
  horizonYearsCodec,
  instantCodec,
  last4Codec,
  liquidityNeedsCodec,
  notesCodec,
  nullable,
  objectivesCodec,
  portfolioIdCodec,
  profileIdCodec,
  reviewOutcomeCodec,
  riskScoreCodec,
  targetAllocationCodec,
  userIdCodec,
} from './profileFieldCodecs.js';

/**
 * Events of the Client Investment Profile aggregate: `{ type, data }`, data JSON-ready (decimals as strings).
 * Every event's data carries `at`, the instant of the decision, so that `evolve` can keep `created_at`/`updated_at`
 * without seeing store metadata. Who acted is in the store's metadata; it is repeated in data only where the profile
 * shows it (`advisor_id`, a review's `reviewer`).
 *
 * The codecs decode events read back from the store; they accept any value the body codecs accepted, except that a
 * date of birth is not compared with "today" (it was in the past when it was recorded).
 */

/** Schema version of every profile event type; bump it (and upcast old shapes on read) when a data shape changes. */
export const profileEventSchemaVersion = 1;

const event = <T extends string, P extends t.Props>(type: T, data: P) =>
  t.strict({ type: t.literal(type), data: exactObject(`${type}Data`, data) }, type);

const at = instantCodec;

/** A new profile in status Draft, created by an advisor (`advisor_id`) for a client (`client_id`). */
export const profileCreatedCodec = event('ProfileCreated', {
  profile_id: profileIdCodec,
  client_id: clientIdCodec,
  advisor_id: userIdCodec,
  client: clientIdentityCodec(calendarDateCodec),
  investment_objectives: objectivesCodec,
  risk_score: riskScoreCodec,
  time_horizon_years: horizonYearsCodec,
  liquidity_needs: liquidityNeedsCodec,
  target_allocation: targetAllocationCodec,
  existing_holdings: holdingsCodec,
  at,
});

/** A new risk assessment replaced risk score, time horizon and liquidity needs. */
export const riskAssessedCodec = event('RiskAssessed', {
  risk_score: riskScoreCodec,
  time_horizon_years: horizonYearsCodec,
  liquidity_needs: liquidityNeedsCodec,
  notes: nullable(notesCodec),
  at,
});

export const objectivesSetCodec = event('ObjectivesSet', { investment_objectives: objectivesCodec, at });

export const targetAllocationSetCodec = event('TargetAllocationSet', { target_allocation: targetAllocationCodec, at });

/** A portfolio was proposed for the profile; the first one moves it from Draft to Proposed. */
export const proposalLinkedCodec = event('ProposalLinked', { portfolio_id: portfolioIdCodec, at });

/** The client applied (Proposed → Applied), for the named proposal if one was named. */
export const applicationSubmittedCodec = event('ApplicationSubmitted', { portfolio_id: nullable(portfolioIdCodec), at });

/** The account was opened at the custodian (Applied → AccountOpened); only the account number's last four are kept. */
export const accountOpenedCodec = event('AccountOpened', { account_number_last4: last4Codec, custodian: custodianCodec, at });

/** A compliance review's conclusion; evidence only, the status does not change. */
export const complianceReviewRecordedCodec = event('ComplianceReviewRecorded', {
  outcome: reviewOutcomeCodec,
  notes: nullable(notesCodec),
  reviewer: userIdCodec,
  at,
});

/** Decodes any profile event `{ type, data }`; use it on every event read back from the store. */
export const profileEventCodec = t.union([
  profileCreatedCodec,
  riskAssessedCodec,
  objectivesSetCodec,
  targetAllocationSetCodec,
  proposalLinkedCodec,
  applicationSubmittedCodec,
  accountOpenedCodec,
  complianceReviewRecordedCodec,
]);

export type ProfileCreated = t.TypeOf<typeof profileCreatedCodec>;
export type RiskAssessed = t.TypeOf<typeof riskAssessedCodec>;
export type ObjectivesSet = t.TypeOf<typeof objectivesSetCodec>;
export type TargetAllocationSet = t.TypeOf<typeof targetAllocationSetCodec>;
export type ProposalLinked = t.TypeOf<typeof proposalLinkedCodec>;
export type ApplicationSubmitted = t.TypeOf<typeof applicationSubmittedCodec>;
export type AccountOpened = t.TypeOf<typeof accountOpenedCodec>;
export type ComplianceReviewRecorded = t.TypeOf<typeof complianceReviewRecordedCodec>;

export type ProfileEvent = t.TypeOf<typeof profileEventCodec>;
export type ProfileEventType = ProfileEvent['type'];

/** Every profile event type, e.g. to route stored events to this aggregate. */
export const profileEventTypes: ReadonlyArray<ProfileEventType> = profileEventCodec.types.map((codec) => codec.type.props.type.value);
