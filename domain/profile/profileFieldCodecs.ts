import { Decimal } from 'decimal.js';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { parseCalendarDate } from '../calendarDate.js';
import { decimalPlaces, parseDecimalText } from '../decimalText.js';
import { arrayField, objectField, stringField } from '../jsonField.js';
import type { CalendarDate, DecimalText } from '../values.js';
import { investmentObjectives } from './investmentObjective.js';
import type { InvestmentObjective } from './investmentObjective.js';
import { planTypes } from './planType.js';
import type { PlanType } from './planType.js';
import type {
  ClientId,
  HorizonYears,
  Instant,
  Last4,
  Money,
  Percent,
  PortfolioId,
  ProfileId,
  RiskScore,
  UserId,
} from './profileValues.js';
import { isClientId, isInstant, isLast4, isPortfolioId, isProfileId, isRiskScore, isUserId } from './profileValues.js';
import { reviewOutcomes } from './reviewOutcome.js';
import type { ReviewOutcome } from './reviewOutcome.js';
import { allocationSum, isAssetClassName, maxAssetClasses, targetAllocationFrom } from './targetAllocation.js';
import type { TargetAllocation } from './targetAllocation.js';

/**
 * io-ts codecs of the values a profile holds. The HTTP body codecs and the event codecs are both built from them, so a
 * value that was accepted from a client always decodes again when its event is read back. Every failure carries a
 * human message (see ../problem.ts).
 */

/** Bounds of profile fields; the upper ones keep every event small and every problem list finite. */
export const profileLimits = {
  maxNameLength: 200,
  maxEmailLength: 254,
  maxNotesLength: 5_000,
  maxHoldings: 100,
  maxMoney: '1000000000000000',
  maxMoneyDecimalPlaces: 2,
  maxPercentDecimalPlaces: 8,
  maxHorizonYears: '100',
  maxAgeYears: 150,
} as const;

const limits = profileLimits;

/** What replaces client PII in logs and in the `value` of a problem. */
export const redactedText = '[redacted]';

// Code points, not UTF-16 units; the length check first skips counting a huge string one by one.
const codePointsWithin = (text: string, min: number, max: number): boolean => {
  if (text.length < min || text.length > 2 * max) return false;
  let count = 0;
  for (const _ of text) count += 1;
  return count >= min && count <= max;
};

const guarded = <A extends string>(name: string, guard: (u: unknown) => u is A, message: string): t.Type<A, string, unknown> =>
  stringField<A>(name, (text) => (guard(text) ? E.right(text) : E.left(message)));

// C0 and C1 control characters, except tab, line feed and carriage return, which notes may contain.
const hasControlCharacter = (text: string): boolean => {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
};

/** Free text of `1..max` characters, not blank and without control characters other than line breaks and tabs. */
const textField = (name: string, max: number): t.Type<string, string, unknown> =>
  stringField(name, (text) =>
    codePointsWithin(text, 1, max) && text.trim() !== '' && !hasControlCharacter(text)
      ? E.right(text)
      : E.left(`must be non-blank text of at most ${max} characters without control characters`),
  );

const oneOf = <A extends string>(name: string, values: ReadonlyArray<A>): t.Type<A, string, unknown> =>
  stringField(name, (text) =>
    values.some((value) => value === text) ? E.right(text as A) : E.left(`must be one of ${values.join(', ')} (case-sensitive)`),
  );

// Bounds are compared by decimal.js on the normalised text, never as JS numbers.
const decimalField = <A extends DecimalText>(
  name: string,
  rule: (value: Decimal, text: DecimalText) => boolean,
  message: string,
): t.Type<A, string, unknown> =>
  stringField<A>(name, (raw) =>
    pipe(
      parseDecimalText(raw),
      E.filterOrElse(
        (text) => rule(new Decimal(text), text),
        () => message,
      ),
      E.map((text) => text as A),
    ),
  );

/** `null` is a value of its own (e.g. "no liquidity needs"); a missing field is still reported as required. */
export const nullable = <A, O>(codec: t.Type<A, O, unknown>, requiredMessage = 'is required (null if there is none)'): t.Type<A | null, O | null, unknown> =>
  new t.Type<A | null, O | null, unknown>(
    `${codec.name} | null`,
    (u): u is A | null => u === null || codec.is(u),
    (u, c) => (u === null ? t.success(null) : u === undefined ? t.failure(u, c, requiredMessage) : codec.validate(u, c)),
    (a) => (a === null ? null : codec.encode(a)),
  );

/** A field that may be left out; `null` counts as left out, so clients may send either. */
export const optional = <A, O>(codec: t.Type<A, O, unknown>): t.Type<A | undefined, O | undefined, unknown> =>
  new t.Type<A | undefined, O | undefined, unknown>(
    `${codec.name} | undefined`,
    (u): u is A | undefined => u === undefined || codec.is(u),
    (u, c) => (u === undefined || u === null ? t.success(undefined) : codec.validate(u, c)),
    (a) => (a === undefined ? undefined : codec.encode(a)),
  );

/**
 * PII: a failure reports `[redacted]` instead of the value received. Problem documents end up in logs and traces; a
 * client who mistyped their tax id digits learns which field is wrong, not the digits back.
 */
const concealed = <A, O>(codec: t.Type<A, O, unknown>): t.Type<A, O, unknown> =>
  new t.Type<A, O, unknown>(
    codec.name,
    codec.is,
    (u, c) =>
      pipe(
        codec.validate(u, c),
        E.mapLeft((errors) => errors.map((error) => ({ ...error, value: error.value === undefined ? undefined : redactedText }))),
      ),
    codec.encode,
  );

/** A JSON object whose decoded value keeps only the declared properties (unknown input fields are ignored, not kept). */
export const exactObject = <P extends t.Props>(name: string, props: P): t.Type<t.TypeOf<t.TypeC<P>>, t.OutputOf<t.TypeC<P>>, unknown> => {
  const shape = objectField(name, props);
  const keep = (value: t.TypeOf<t.TypeC<P>>): t.TypeOf<t.TypeC<P>> => {
    const kept: Record<string, unknown> = {};
    for (const key of Object.keys(props)) {
      const field = (value as Record<string, unknown>)[key];
      if (field !== undefined) kept[key] = field;
    }
    return kept as t.TypeOf<t.TypeC<P>>;
  };
  return new t.Type(name, shape.is, (u, c) => pipe(shape.validate(u, c), E.map(keep)), shape.encode);
};

// ----- ids and instants -----

/** What every id field must be (see `isClientId` and the other id guards). */
export const idMessage = 'must be a non-empty id of at most 256 characters without control characters';
export const profileIdCodec = guarded<ProfileId>('profile_id', isProfileId, idMessage);
export const clientIdCodec = guarded<ClientId>('client_id', isClientId, idMessage);
export const userIdCodec = guarded<UserId>('user_id', isUserId, idMessage);
export const portfolioIdCodec = guarded<PortfolioId>('portfolio_id', isPortfolioId, idMessage);
export const instantCodec = guarded<Instant>('instant', isInstant, 'must be an RFC 3339 UTC instant (2026-01-02T03:04:05.678Z)');

// ----- client identity (PII) -----

export const calendarDateCodec = stringField<CalendarDate>('date', parseCalendarDate);

const personName = textField('name', limits.maxNameLength);

// Basic syntax only (something@domain.tld); whether the mailbox exists is for the mail system to find out.
const email = stringField('email', (text) =>
  text.length <= limits.maxEmailLength && /^[^\s@\p{Cc}]+@[^\s@\p{Cc}.]+(\.[^\s@\p{Cc}.]+)+$/u.test(text)
    ? E.right(text)
    : E.left(`must be an email address (name@example.com) of at most ${limits.maxEmailLength} characters`),
);

export const last4Codec = guarded<Last4>('last4', isLast4, 'must be exactly 4 digits (the last four, never the whole number)');

/** A date of birth that is a real date before `today` and at most 150 years back (a body check; events take any date). */
export const dateOfBirthCodec = (today: CalendarDate): t.Type<CalendarDate, string, unknown> =>
  stringField<CalendarDate>('date_of_birth', (text) =>
    pipe(
      parseCalendarDate(text),
      E.filterOrElse(
        (date) => date < today,
        () => `must be in the past (before ${today})`,
      ),
      E.filterOrElse(
        (date) => Number(date.slice(0, 4)) >= Number(today.slice(0, 4)) - limits.maxAgeYears,
        () => `must be at most ${limits.maxAgeYears} years ago`,
      ),
    ),
  );

/** The client's identity; every field is PII (see redactProfile). */
export const clientIdentityCodec = (dateOfBirth: t.Type<CalendarDate, string, unknown>) =>
  concealed(exactObject('client', { name: personName, date_of_birth: dateOfBirth, email, tax_id_last4: last4Codec }));

export type ClientIdentity = t.TypeOf<ReturnType<typeof clientIdentityCodec>>;

// ----- objectives, risk and horizon -----

const objective = oneOf<InvestmentObjective>('investment_objective', investmentObjectives);
const objectiveList = arrayField('investment_objectives', objective, {
  min: 1,
  max: investmentObjectives.length,
  message: `must list from 1 to ${investmentObjectives.length} objectives`,
});

/** At least one objective, each at most once, in the order the client ranks them. */
export const objectivesCodec = new t.Type<ReadonlyArray<InvestmentObjective>, ReadonlyArray<string>, unknown>(
  'investment_objectives',
  (u): u is ReadonlyArray<InvestmentObjective> => objectiveList.is(u) && new Set(u).size === u.length,
  (u, c) =>
    pipe(
      objectiveList.validate(u, c),
      E.chain((list) => (new Set(list).size === list.length ? t.success(list) : t.failure(u, c, 'must not list an objective twice'))),
    ),
  objectiveList.encode,
);

/** Risk score: a JSON integer (not a string: it is a score, not an amount), 1..100. */
export const riskScoreCodec = new t.Type<RiskScore, number, unknown>(
  'risk_score',
  isRiskScore,
  (u, c) =>
    isRiskScore(u) ? t.success(u) : t.failure(u, c, u === undefined ? 'is required' : 'must be a JSON integer from 1 to 100'),
  (a) => a,
);

export const horizonYearsCodec = decimalField<HorizonYears>(
  'time_horizon_years',
  (value) => value.gt(0) && value.lte(limits.maxHorizonYears),
  `must be a decimal string greater than 0 and at most ${limits.maxHorizonYears}`,
);

// ----- money and percentages -----

export const moneyCodec = decimalField<Money>(
  'money',
  (value, text) => value.gte(0) && value.lte(limits.maxMoney) && decimalPlaces(text) <= limits.maxMoneyDecimalPlaces,
  `must be a decimal string from 0 to ${limits.maxMoney} with at most ${limits.maxMoneyDecimalPlaces} decimal places`,
);

export const percentCodec = decimalField<Percent>(
  'percent',
  (value, text) => value.gte(0) && value.lte(100) && decimalPlaces(text) <= limits.maxPercentDecimalPlaces,
  `must be a decimal string from 0 to 100 with at most ${limits.maxPercentDecimalPlaces} decimal places`,
);

/** Money the client needs back and when; `null` when the client has stated no liquidity needs. */
export const liquidityNeedsCodec = nullable(exactObject('liquidity_needs', { amount: moneyCodec, needed_by: calendarDateCodec }));

export type LiquidityNeeds = NonNullable<t.TypeOf<typeof liquidityNeedsCodec>>;

const isJsonObject = (u: unknown): u is Record<string, unknown> => Object.prototype.toString.call(u) === '[object Object]';

/**
 * Asset class → percent. Each entry is checked on its own path (`target_allocation.bonds`); only when all are valid
 * is the sum checked, exactly, and reported once at `target_allocation`.
 */
export const targetAllocationCodec = new t.Type<TargetAllocation, Readonly<Record<string, string>>, unknown>(
  'target_allocation',
  (u): u is TargetAllocation =>
    isJsonObject(u) &&
    Object.entries(u).every(([key, value]) => isAssetClassName(key) && percentCodec.is(value)) &&
    targetAllocationFrom(u as Record<string, Percent>) !== undefined,
  (u, c) => {
    if (!isJsonObject(u)) {
      return t.failure(u, c, u === undefined ? 'is required' : 'must be a JSON object of asset class → percent (decimal string)');
    }
    const entries = Object.entries(u);
    if (entries.length === 0 || entries.length > maxAssetClasses) {
      return t.failure(u, c, `must name from 1 to ${maxAssetClasses} asset classes`);
    }
    const errors: t.ValidationError[] = [];
    const percents: Record<string, Percent> = {};
    for (const [key, value] of entries) {
      const context = t.appendContext(c, key, percentCodec, value);
      if (!isAssetClassName(key)) {
        errors.push({ value: key, context, message: 'asset class must be a lower-case name of letters, digits and _ (at most 64)' });
        continue;
      }
      const percent = percentCodec.validate(value, context);
      if (E.isLeft(percent)) errors.push(...percent.left);
      else percents[key] = percent.right;
    }
    if (errors.length > 0) return t.failures(errors);
    const allocation = targetAllocationFrom(percents);
    return allocation === undefined
      ? t.failure(u, c, `percentages must sum to exactly 100 (they sum to ${allocationSum(percents)})`)
      : t.success(allocation);
  },
  (a) => a,
);

// ----- existing holdings -----

const planType = oneOf<PlanType>('plan_type', planTypes);

/** One plan the client already holds, e.g. the 401(k) being rolled over. */
export const holdingCodec = exactObject('existing_holding', {
  plan_name: textField('plan_name', limits.maxNameLength),
  plan_type: planType,
  balance: moneyCodec,
  annual_fee_percent: percentCodec,
});

export type ExistingHolding = t.TypeOf<typeof holdingCodec>;

/** Everything the client already holds; may be empty (say so with `[]`). */
export const holdingsCodec = arrayField('existing_holdings', holdingCodec, {
  min: 0,
  max: limits.maxHoldings,
  message: `must list at most ${limits.maxHoldings} holdings`,
});

// ----- applications, accounts and reviews -----

export const custodianCodec = textField('custodian', limits.maxNameLength);
export const notesCodec = textField('notes', limits.maxNotesLength);
export const reviewOutcomeCodec = oneOf<ReviewOutcome>('outcome', reviewOutcomes);
