import * as E from 'fp-ts/lib/Either.js';
import { fold } from '../../../../domain/decider.js';
import {
  parseAccountOpeningBody,
  parseApplicationBody,
  parseComplianceReviewBody,
  parseCreateProfileBody,
  parseObjectivesBody,
  parseRiskAssessmentBody,
  parseTargetAllocationBody,
} from '../../../../domain/profile/profileCommandBodies.js';
import type { FieldProblem } from '../../../../domain/problem.js';
import type {
  CreateProfile,
  IssuedProfileCommand,
  LinkProposal,
  ProfileCommand,
  ProfileCommandMeta,
} from '../../../../domain/profile/profileCommands.js';
import { profileDecider } from '../../../../domain/profile/profileDecider.js';
import type { ProfileEvent } from '../../../../domain/profile/profileEvents.js';
import type { ProfileState, ProfileView } from '../../../../domain/profile/profileState.js';
import { instantFrom, portfolioIdFrom, profileIdFrom, userIdFrom } from '../../../../domain/profile/profileValues.js';
import type { CalendarDate } from '../../../../domain/values.js';

export const today = '2026-11-22' as CalendarDate;
export const profileId = profileIdFrom('p-1')!;

/** A valid `POST /profiles` body, as a client sends it. */
export const createBody = (): Record<string, unknown> => ({
  client_id: 'client-7',
  client: { name: 'Ada Lovelace', date_of_birth: '1980-12-10', email: 'ada@example.com', tax_id_last4: '1234' },
  investment_objectives: ['income', 'capital_preservation'],
  risk_score: 40,
  time_horizon_years: '5',
  liquidity_needs: { amount: '20000.00', needed_by: '2028-06-30' },
  target_allocation: { bonds: '60', us_equity: '30', cash: '10' },
  existing_holdings: [{ plan_name: 'Acme 401(k)', plan_type: '401k', balance: '182000.55', annual_fee_percent: '0.85' }],
});

/** Unwraps a parse that the test expects to succeed. */
export const parsed = <A>(result: E.Either<ReadonlyArray<FieldProblem>, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected a valid body, got ${JSON.stringify(result.left)}`);
  return result.right;
};

export const createCommand = (): CreateProfile => parsed(parseCreateProfileBody(createBody(), { profileId, today }));

export const advisor = userIdFrom('advisor-1')!;
export const reviewer = userIdFrom('compliance-1')!;

export const metaAt = (at: string, actor = advisor): ProfileCommandMeta => ({ actor, at: instantFrom(at)! });

export const meta = metaAt('2026-11-22T10:00:00.000Z');

export const link = (id: string): LinkProposal => ({ type: 'LinkProposal', portfolio_id: portfolioIdFrom(id)! });

/** One valid command of every kind (through the body parsers, like the HTTP layer would). */
export const commands = {
  create: createCommand,
  riskAssessment: (): ProfileCommand =>
    parsed(parseRiskAssessmentBody({ risk_score: 55, time_horizon_years: '7.5', liquidity_needs: null, notes: 'after review call' })),
  objectives: (): ProfileCommand => parsed(parseObjectivesBody({ investment_objectives: ['growth'] })),
  targetAllocation: (): ProfileCommand =>
    parsed(parseTargetAllocationBody({ target_allocation: { us_equity: '33.33', intl_equity: '33.33', bonds: '33.34' } })),
  link: (): ProfileCommand => link('portfolio-1'),
  application: (): ProfileCommand => parsed(parseApplicationBody({ portfolio_id: 'portfolio-1' })),
  accountOpening: (): ProfileCommand => parsed(parseAccountOpeningBody({ account_number_last4: '9876', custodian: 'Fidelity' })),
  review: (): ProfileCommand => parsed(parseComplianceReviewBody({ outcome: 'approved' })),
};

/** Decides and folds a sequence, failing the test on the first rejection. */
export const run = (
  steps: ReadonlyArray<ProfileCommand | IssuedProfileCommand>,
  from: ProfileState = null,
): { readonly state: ProfileState; readonly events: ReadonlyArray<ProfileEvent> } => {
  let state = from;
  const events: ProfileEvent[] = [];
  for (const step of steps) {
    const issued = 'command' in step ? step : { command: step, meta };
    const decision = profileDecider.decide(issued, state);
    if (E.isLeft(decision)) throw new Error(`${issued.command.type} rejected: ${decision.left.message}`);
    events.push(...decision.right);
    state = fold(profileDecider, decision.right, state);
  }
  return { state, events };
};

/** A profile in the given status (the shortest command sequence that reaches it). */
export const profileIn = (status: ProfileView['status']): ProfileView => {
  const path: ProfileCommand[] = [commands.create()];
  if (status !== 'Draft') path.push(commands.link());
  if (status === 'Applied' || status === 'AccountOpened') path.push(commands.application());
  if (status === 'AccountOpened') path.push(commands.accountOpening());
  const { state } = run(path);
  if (state === null) throw new Error('no profile');
  return state;
};
