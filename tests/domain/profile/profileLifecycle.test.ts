import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { fold } from '../../../domain/decider.js';
import type { IssuedProfileCommand, ProfileCommand } from '../../../domain/profile/profileCommands.js';
import { profileDecider } from '../../../domain/profile/profileDecider.js';
import { profileEventCodec } from '../../../domain/profile/profileEvents.js';
import type { ProfileEvent } from '../../../domain/profile/profileEvents.js';
import type { ProfileState } from '../../../domain/profile/profileState.js';
import { isLifecycleStep } from '../../../domain/profile/profileStatus.js';
import { instantFrom, portfolioIdFrom, userIdFrom } from '../../../domain/profile/profileValues.js';
import { commands } from './support/profileFixtures.js';

const portfolioIds = ['pf-a', 'pf-b', 'pf-c'];

const commandArbitrary: fc.Arbitrary<ProfileCommand> = fc.oneof(
  fc.constant(commands.create()),
  fc.constantFrom(commands.riskAssessment(), commands.objectives(), commands.targetAllocation()),
  fc.constantFrom(...portfolioIds).map((id): ProfileCommand => ({ type: 'LinkProposal', portfolio_id: portfolioIdFrom(id)! })),
  fc
    .option(fc.constantFrom(...portfolioIds, 'pf-unknown'), { nil: null })
    .map((id): ProfileCommand => ({ type: 'SubmitApplication', portfolio_id: id === null ? null : portfolioIdFrom(id)! })),
  fc.constant(commands.accountOpening()),
  fc
    .record({ outcome: fc.constantFrom('approved', 'rejected', 'needs_changes' as const), notes: fc.option(fc.constant('see file'), { nil: null }) })
    .map((review): ProfileCommand => ({ type: 'RecordComplianceReview', ...review })),
);

// Most sequences start with a create, so that they reach every status; commands one minute apart, from varying actors.
const issuedSequence = fc
  .tuple(fc.boolean(), fc.array(fc.tuple(commandArbitrary, fc.constantFrom('advisor-1', 'advisor-2', 'compliance-1')), { maxLength: 30 }))
  .map(([startWithCreate, steps]) => (startWithCreate ? [[commands.create(), 'advisor-1'] as const, ...steps] : steps))
  .map((steps) =>
    steps.map(
    ([command, actor], index): IssuedProfileCommand => ({
      command,
      meta: { actor: userIdFrom(actor)!, at: instantFrom(new Date(Date.UTC(2026, 10, 22, 9, index)).toISOString())! },
    }),
  ),
);

const runAll = (sequence: ReadonlyArray<IssuedProfileCommand>) => {
  let state: ProfileState = profileDecider.initialState;
  const states: ProfileState[] = [state];
  const events: ProfileEvent[] = [];
  for (const issued of sequence) {
    const decision = profileDecider.decide(issued, state);
    if (E.isRight(decision)) {
      events.push(...decision.right);
      state = fold(profileDecider, decision.right, state);
    }
    states.push(state);
  }
  return { state, states, events };
};

describe('profile lifecycle under random command sequences', () => {
  it('never produces a state outside the lifecycle graph', () => {
    fc.assert(
      fc.property(issuedSequence, (sequence) => {
        const { states } = runAll(sequence);
        states.forEach((state, index) => {
          const before = index === 0 ? null : states[index - 1]!;
          if (state === null) {
            expect(before).toBeNull();
            return;
          }
          if (before === null) expect(state.status).toBe('Draft');
          else expect(isLifecycleStep(before.status, state.status)).toBe(true);
          if (state.status !== 'Draft') expect(state.linked_portfolios.length).toBeGreaterThan(0);
          if (state.status === 'Draft') expect(state.compliance_reviews).toEqual([]);
          expect(state.application !== null).toBe(state.status === 'Applied' || state.status === 'AccountOpened');
          expect(state.account !== null).toBe(state.status === 'AccountOpened');
          expect(new Set(state.linked_portfolios.map((link) => link.portfolio_id)).size).toBe(state.linked_portfolios.length);
        });
      }),
      { numRuns: 400 },
    );
  });

  it('folds the same events to the same state, whether at once, again, or after a JSON round trip through the codec', () => {
    fc.assert(
      fc.property(issuedSequence, (sequence) => {
        const { state, events } = runAll(sequence);
        expect(fold(profileDecider, events)).toEqual(state);
        expect(fold(profileDecider, events)).toEqual(fold(profileDecider, events));
        const stored = events.map((event) => JSON.parse(JSON.stringify(event)) as unknown);
        const decoded = stored.map((event) => {
          const result = profileEventCodec.decode(event);
          if (E.isLeft(result)) throw new Error(`stored event does not decode: ${JSON.stringify(event)}`);
          return result.right;
        });
        expect(decoded).toEqual(events);
        expect(fold(profileDecider, decoded)).toEqual(state);
      }),
      { numRuns: 400 },
    );
  });
});
