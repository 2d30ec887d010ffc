import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { problemsOf } from '../problem.js';
import type { FieldProblem } from '../problem.js';
import type { CalendarDate } from '../values.js';
import type {
  CreateProfile,
  RecordAccountOpening,
  RecordComplianceReview,
  RecordRiskAssessment,
  SetObjectives,
  SetTargetAllocation,
  SubmitApplication,
} from './profileCommands.js';
import {
  clientIdCodec,
  clientIdentityCodec,
  custodianCodec,
  dateOfBirthCodec,
  exactObject,
  holdingsCodec,
  horizonYearsCodec,
  last4Codec,
  liquidityNeedsCodec,
  notesCodec,
  objectivesCodec,
  optional,
  portfolioIdCodec,
  reviewOutcomeCodec,
  riskScoreCodec,
  targetAllocationCodec,
} from './profileFieldCodecs.js';
import type { ProfileId } from './profileValues.js';

/**
 * io-ts codecs and parsers of the profile command bodies (JSON, snake_case). Decimal amounts are JSON strings
 * (`"250000.00"`); `risk_score` is a JSON integer. Unknown fields are ignored and dropped. A parser never throws: it
 * returns the command, or every failing field at once with its path (`client.email`, `existing_holdings[1].balance`,
 * `target_allocation` for the sum). Problems with client PII carry `[redacted]` instead of the value received.
 */

type Parsed<A> = E.Either<ReadonlyArray<FieldProblem>, A>;

const parseWith = <A, B>(codec: t.Type<A, unknown, unknown>, body: unknown, toCommand: (decoded: A) => B): Parsed<B> =>
  pipe(codec.decode(body), E.bimap(problemsOf, toCommand));

/**
 * `POST /profiles` body: every key is required; `liquidity_needs` may be `null`, `existing_holdings` may be `[]`.
 * Explicit nulls and empty lists record that the advisor asked, which a missing key would not.
 */
export const createProfileBodyCodec = (today: CalendarDate) =>
  exactObject('CreateProfileBody', {
    client_id: clientIdCodec,
    client: clientIdentityCodec(dateOfBirthCodec(today)),
    investment_objectives: objectivesCodec,
    risk_score: riskScoreCodec,
    time_horizon_years: horizonYearsCodec,
    liquidity_needs: liquidityNeedsCodec,
    target_allocation: targetAllocationCodec,
    existing_holdings: holdingsCodec,
  });

/** `/profiles/{id}/risk-assessments` body: `notes` is optional. */
export const riskAssessmentBodyCodec = exactObject('RiskAssessmentBody', {
  risk_score: riskScoreCodec,
  time_horizon_years: horizonYearsCodec,
  liquidity_needs: liquidityNeedsCodec,
  notes: optional(notesCodec),
});

/** `/profiles/{id}/objectives` body. */
export const objectivesBodyCodec = exactObject('ObjectivesBody', { investment_objectives: objectivesCodec });

/** `/profiles/{id}/target-allocation` body. */
export const targetAllocationBodyCodec = exactObject('TargetAllocationBody', { target_allocation: targetAllocationCodec });

/** `/profiles/{id}/applications` body: `{}` or `{ "portfolio_id": "…" }` naming the (linked) proposal applied for. */
export const applicationBodyCodec = exactObject('ApplicationBody', { portfolio_id: optional(portfolioIdCodec) });

/** `/profiles/{id}/account-openings` body: only the last four digits of the account number are ever accepted. */
export const accountOpeningBodyCodec = exactObject('AccountOpeningBody', {
  account_number_last4: last4Codec,
  custodian: custodianCodec,
});

const reviewFields = exactObject('ComplianceReviewBody', { outcome: reviewOutcomeCodec, notes: optional(notesCodec) });

/** `/profiles/{id}/compliance-reviews` body: `notes` may be left out only when the outcome is `approved`. */
export const complianceReviewBodyCodec = new t.Type<t.TypeOf<typeof reviewFields>, t.OutputOf<typeof reviewFields>, unknown>(
  'ComplianceReviewBody',
  (u): u is t.TypeOf<typeof reviewFields> => reviewFields.is(u) && (u.outcome === 'approved' || u.notes !== undefined),
  (u, c) =>
    pipe(
      reviewFields.validate(u, c),
      E.chain((body) =>
        body.outcome === 'approved' || body.notes !== undefined
          ? t.success(body)
          : t.failure((u as { notes?: unknown }).notes, t.appendContext(c, 'notes', notesCodec, (u as { notes?: unknown }).notes), `is required when the outcome is ${body.outcome}: say what must change`),
      ),
    ),
  reviewFields.encode,
);

/** What a create needs besides the body: the new profile's id and today's date (a date of birth must be before it). */
export interface CreateProfileInput {
  readonly profileId: ProfileId;
  readonly today: CalendarDate;
}

/** Parses a `POST /profiles` body into CreateProfile. */
export const parseCreateProfileBody = (body: unknown, { profileId, today }: CreateProfileInput): Parsed<CreateProfile> =>
  parseWith(createProfileBodyCodec(today), body, (decoded) => ({ type: 'CreateProfile', profile_id: profileId, ...decoded }));

/** Parses a risk-assessment body into RecordRiskAssessment. */
export const parseRiskAssessmentBody = (body: unknown): Parsed<RecordRiskAssessment> =>
  parseWith(riskAssessmentBodyCodec, body, (decoded) => ({
    type: 'RecordRiskAssessment',
    risk_score: decoded.risk_score,
    time_horizon_years: decoded.time_horizon_years,
    liquidity_needs: decoded.liquidity_needs,
    notes: decoded.notes ?? null,
  }));

/** Parses an objectives body into SetObjectives. */
export const parseObjectivesBody = (body: unknown): Parsed<SetObjectives> =>
  parseWith(objectivesBodyCodec, body, (decoded) => ({ type: 'SetObjectives', ...decoded }));

/** Parses a target-allocation body into SetTargetAllocation. */
export const parseTargetAllocationBody = (body: unknown): Parsed<SetTargetAllocation> =>
  parseWith(targetAllocationBodyCodec, body, (decoded) => ({ type: 'SetTargetAllocation', ...decoded }));

/** Parses an application body into SubmitApplication. */
export const parseApplicationBody = (body: unknown): Parsed<SubmitApplication> =>
  parseWith(applicationBodyCodec, body, (decoded) => ({ type: 'SubmitApplication', portfolio_id: decoded.portfolio_id ?? null }));

/** Parses an account-opening body into RecordAccountOpening. */
export const parseAccountOpeningBody = (body: unknown): Parsed<RecordAccountOpening> =>
  parseWith(accountOpeningBodyCodec, body, (decoded) => ({ type: 'RecordAccountOpening', ...decoded }));

/** Parses a compliance-review body into RecordComplianceReview. */
export const parseComplianceReviewBody = (body: unknown): Parsed<RecordComplianceReview> =>
  parseWith(complianceReviewBodyCodec, body, (decoded) => ({
    type: 'RecordComplianceReview',
    outcome: decoded.outcome,
    notes: decoded.notes ?? null,
  }));
