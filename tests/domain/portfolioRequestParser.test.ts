import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseDecimalText } from '../../domain/decimalText.js';
import type { FieldProblem } from '../../domain/problem.js';
import { parsePortfolioRequest, toPortfolioRequestJson } from '../../domain/portfolioRequestParser.js';
import type { PortfolioRequestJson } from '../../domain/portfolioRequestParser.js';

const example = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../shared/examples/requests/${name}`, import.meta.url), 'utf8'));

const deposit = () => ({
  account: '1235N',
  account_type: 'BrokerageCertificateOfDeposit',
  apy: '5',
  years: '7',
  amount: '10990',
  start_date_in_bank_tz: '2023-02-16',
});
const bank = (deposits = 1) => ({
  name: 'VISION-BANK',
  bank_tz: 'America/Los_Angeles',
  new_deposits: Array.from({ length: deposits }, deposit),
});
/** The request example of domain.md §2, fresh each time so a test can mutate it. */
const body = (): Record<string, unknown> => ({ new_delta: { period: '1', period_unit: 'Month' }, new_banks: [bank()] });

type Token = string | number;
const tokensOf = (path: string): Token[] =>
  (path.match(/[^.[\]]+/g) ?? []).map((token) => (/^[0-9]+$/.test(token) ? Number(token) : token));

const containerAt = (root: unknown, tokens: Token[]): Record<string | number, unknown> =>
  tokens.slice(0, -1).reduce<unknown>((node, token) => (node as Record<Token, unknown>)[token], root) as Record<Token, unknown>;

const withValueAt = <T>(root: T, path: string, value: unknown): T => {
  const tokens = tokensOf(path);
  containerAt(root, tokens)[tokens[tokens.length - 1] as Token] = value;
  return root;
};

const withoutFieldAt = <T>(root: T, path: string): T => {
  const tokens = tokensOf(path);
  delete containerAt(root, tokens)[tokens[tokens.length - 1] as Token];
  return root;
};

const problemsFor = (input: unknown): ReadonlyArray<FieldProblem> => {
  const result = parsePortfolioRequest(input);
  return E.isLeft(result) ? result.left : [];
};

const deposit0 = 'new_banks[0].new_deposits[0]';

describe('portfolio request rules (domain.md §2)', () => {
  it.each<[string, unknown, RegExp]>([
    ['new_delta.period', '0', /greater than 0/],
    ['new_delta.period', '36500.0001', /at most 36500/],
    ['new_delta.period', `1${'0'.repeat(1_000_000)}`, /at most 36500/],
    // Shared by every deposit: more digits than this would be worked through once per deposit.
    ['new_delta.period', `1.${'0'.repeat(1999)}1`, /at most 2000 significant digits/],
    ['new_delta.period', '-1', /decimal string/],
    ['new_delta.period', '1e3', /decimal string/],
    ['new_delta.period', '1,5', /decimal string/],
    ['new_delta.period', ' 1', /decimal string/],
    ['new_delta.period', 'NaN', /decimal string/],
    ['new_delta.period', 'Infinity', /decimal string/],
    ['new_delta.period_unit', 'Unspecified', /one of Day, Week, Month, Year/],
    ['new_delta.period_unit', 'month', /one of Day, Week, Month, Year \(case-sensitive\)/],
    ['new_banks', [], /from 1 to 500 banks/],
    ['new_banks', Array.from({ length: 501 }, () => bank()), /from 1 to 500 banks/],
    ['new_banks[0].name', '', /must not be empty/],
    ['new_banks[0].name', 'N'.repeat(201), /at most 200 characters/],
    ['new_banks[0].bank_tz', 'America/Chicag', /IANA time zone/],
    ['new_banks[0].bank_tz', '+01:00', /IANA time zone/],
    ['new_banks[0].new_deposits', [], /at least 1 deposit/],
    [`${deposit0}.account`, '123', /from 4 to 64 characters/],
    [`${deposit0}.account`, 'A'.repeat(65), /from 4 to 64 characters/],
    [`${deposit0}.account`, '😀😀😀', /from 4 to 64 characters/],
    [`${deposit0}.account_type`, 'Unspecified', /one of Checking, Savings, CertificateOfDeposit, BrokerageCertificateOfDeposit/],
    [`${deposit0}.account_type`, 'savings', /case-sensitive/],
    [`${deposit0}.apy`, '100.01', /from 0 to 100/],
    [`${deposit0}.apy`, '-0.5', /decimal string/],
    [`${deposit0}.years`, '0', /greater than 0 and at most 100/],
    [`${deposit0}.years`, '100.0000000000000000000000000001', /greater than 0 and at most 100/],
    [`${deposit0}.amount`, '1000000000000000.01', /from 0 to 1000000000000000/],
    [`${deposit0}.amount`, '10.005', /at most 2 decimal places/],
    [`${deposit0}.amount`, '10.500', /at most 2 decimal places/],
    [`${deposit0}.start_date_in_bank_tz`, '2023-02-29', /real calendar date/],
    [`${deposit0}.start_date_in_bank_tz`, '201901-01', /YYYY-MM-DD/],
    [`${deposit0}.start_date_in_bank_tz`, '0000-01-01', /0001 to 9999/],
  ])('%s = %j is reported with its path and value', (path, value, message) => {
    const problems = problemsFor(withValueAt(body(), path, value));
    expect(problems).toEqual([{ path, value, message: expect.stringMatching(message) }]);
    expect(problems[0]?.value).toBe(value);
  });

  it.each<[string, unknown, string]>([
    [`${deposit0}.apy`, 5, 'must be a JSON string'],
    ['new_delta.period', 1, 'must be a JSON string'],
    ['new_delta.period_unit', null, 'must be a JSON string'],
    ['new_banks[0].name', ['VISION-BANK'], 'must be a JSON string'],
    [`${deposit0}.start_date_in_bank_tz`, { date: '2023-02-16' }, 'must be a JSON string'],
    ['new_delta', '1 Month', 'must be a JSON object'],
    ['new_banks', { 0: bank() }, 'must be a JSON array'],
    ['new_banks[0]', 'VISION-BANK', 'must be a JSON object'],
    ['new_banks[0].new_deposits', deposit(), 'must be a JSON array'],
    [`${deposit0}`, null, 'must be a JSON object'],
  ])('%s of the wrong JSON type (%j) is reported as such', (path, value, message) => {
    expect(problemsFor(withValueAt(body(), path, value))).toEqual([{ path, value, message }]);
  });

  it.each([
    'new_delta',
    'new_delta.period',
    'new_delta.period_unit',
    'new_banks',
    'new_banks[0].name',
    'new_banks[0].bank_tz',
    'new_banks[0].new_deposits',
    `${deposit0}.account`,
    `${deposit0}.account_type`,
    `${deposit0}.apy`,
    `${deposit0}.years`,
    `${deposit0}.amount`,
    `${deposit0}.start_date_in_bank_tz`,
  ])('a missing %s is required', (path) => {
    expect(problemsFor(withoutFieldAt(body(), path))).toEqual([{ path, value: undefined, message: 'is required' }]);
  });

  it.each([null, 42, 'text', [], true])('a body that is not an object (%j) is one problem at the empty path', (value) => {
    expect(problemsFor(value)).toEqual([{ path: '', value, message: 'must be a JSON object' }]);
  });

  it.each<[string, unknown]>([
    ['new_delta.period', '0.0001'],
    ['new_delta.period', '36500.000'],
    ['new_banks[0].name', '😀'.repeat(200)],
    ['new_banks[0].name', ' '],
    ['new_banks[0].bank_tz', 'UTC'],
    [`${deposit0}.account`, '😀😀😀😀'],
    [`${deposit0}.account`, 'A'.repeat(64)],
    [`${deposit0}.apy`, '0'],
    [`${deposit0}.apy`, '100.000'],
    [`${deposit0}.years`, '100'],
    [`${deposit0}.years`, '0.01'],
    [`${deposit0}.amount`, '0'],
    [`${deposit0}.amount`, '1000000000000000.00'],
    [`${deposit0}.start_date_in_bank_tz`, '2024-02-29'],
  ])('%s = %j is within the bounds', (path, value) => {
    expect(E.isRight(parsePortfolioRequest(withValueAt(body(), path, value)))).toBe(true);
  });

  it('accepts 500 banks', () => {
    expect(E.isRight(parsePortfolioRequest({ ...body(), new_banks: Array.from({ length: 500 }, () => bank()) }))).toBe(true);
  });

  it('accepts 5,000 deposits in the whole portfolio', () => {
    expect(E.isRight(parsePortfolioRequest({ ...body(), new_banks: [bank(2500), bank(2500)] }))).toBe(true);
  });

  it('reports more than 5,000 deposits once at new_banks, then every failing field of the banks and of the first 5,000 deposits', () => {
    const banks = [bank(2500), bank(2499), bank(3)];
    withValueAt(banks, '[0].new_deposits[7].apy', 'bad');
    withValueAt(banks, '[1].name', '');
    // Deposit 5,001 and after are not examined: the work stays that of the largest valid request.
    withValueAt(banks, '[2].new_deposits[2].apy', 'also bad');
    expect(problemsFor({ ...body(), new_banks: banks })).toEqual([
      { path: 'new_banks', value: banks, message: 'must contain at most 5000 deposits in the whole portfolio, not 5002' },
      { path: 'new_banks[0].new_deposits[7].apy', value: 'bad', message: expect.stringMatching(/decimal/) },
      { path: 'new_banks[1].name', value: '', message: expect.stringMatching(/must not be empty/) },
    ]);
  });

  it('ignores unknown fields at every level', () => {
    const input = body();
    Object.assign(input, { extra: 1 });
    Object.assign(input.new_delta as object, { period_units: 'Day' });
    withValueAt(input, 'new_banks[0].uuid', 'x');
    withValueAt(input, `${deposit0}.outcome`, { errors: [] });
    expect(parsePortfolioRequest(input)).toEqual(parsePortfolioRequest(body()));
  });
});

describe('the example requests', () => {
  it('reports every problem of the invalid example in document order', () => {
    const problems = problemsFor(example('portfolio_request_invalid_period_unit_account_type_decimal_bank_tz_start_date.json'));
    expect(problems.map(({ path, value }) => [path, value])).toEqual([
      ['new_delta.period_unit', 'Century!'],
      ['new_banks[0].bank_tz', 'America/Chicag'],
      ['new_banks[0].new_deposits[0].start_date_in_bank_tz', '201901-01'],
      ['new_banks[0].new_deposits[2].apy', 'Incorrect!'],
      ['new_banks[2].new_deposits[2].account_type', 'Svings'],
    ]);
    expect(problems.every((problem) => problem.message.length > 0)).toBe(true);
  });

  it.each([
    'portfolio_request_valid.json',
    'portfolio_request_valid_greater_amount_investments.json',
    'portfolio_request_valid_lesser_amount_investments.json',
  ])('parses %s, whose values are already normalised', (name) => {
    const input = example(name);
    const result = parsePortfolioRequest(input);
    expect(E.isRight(result) && toPortfolioRequestJson(result.right)).toEqual(input);
  });

  it('maps the valid example to the domain request', () => {
    const result = parsePortfolioRequest(example('portfolio_request_valid.json'));
    if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
    expect(result.right.delta).toEqual({ period: '1', periodUnit: 'Month' });
    expect(result.right.banks.map((b) => [b.name, b.bankTz, b.deposits.length])).toEqual([
      ['MOUNTAIN', 'America/Chicago', 3],
      ['PEACEMAKER', 'America/New_York', 1],
      ['VISION-BANK', 'America/Los_Angeles', 3],
    ]);
    expect(result.right.banks[2]?.deposits[2]).toEqual({
      account: '3833N',
      accountType: 'Savings',
      apy: '3.75',
      years: '20',
      amount: '10000.50',
      startDate: '2024-02-16',
    });
  });

  it('normalises decimal fields as domain.md §3 echoes them', () => {
    const input = body();
    withValueAt(input, 'new_delta.period', '+01');
    withValueAt(input, `${deposit0}.apy`, '+05.40');
    withValueAt(input, `${deposit0}.years`, '.5');
    withValueAt(input, `${deposit0}.amount`, '00.50');
    const result = parsePortfolioRequest(input);
    if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
    expect(result.right.delta.period).toBe('1');
    expect(result.right.banks[0]?.deposits[0]).toMatchObject({ apy: '5.40', years: '0.5', amount: '0.50' });
  });
});

describe('hostile input', () => {
  it('handles megabyte strings in every field', () => {
    const huge = 'x'.repeat(1_000_000);
    const input = {
      new_delta: { period: huge, period_unit: huge },
      new_banks: [{ name: huge, bank_tz: huge, new_deposits: [{ account: huge, account_type: huge, apy: huge, years: huge, amount: huge, start_date_in_bank_tz: huge }] }],
    };
    expect(problemsFor(input).map((p) => p.path)).toEqual([
      'new_delta.period',
      'new_delta.period_unit',
      'new_banks[0].name',
      'new_banks[0].bank_tz',
      `${deposit0}.account`,
      `${deposit0}.account_type`,
      `${deposit0}.apy`,
      `${deposit0}.years`,
      `${deposit0}.amount`,
      `${deposit0}.start_date_in_bank_tz`,
    ]);
  });

  it('accepts a megabyte-long decimal within the bounds and keeps it exactly', () => {
    const apy = `99.${'9'.repeat(1_000_000)}`;
    const result = parsePortfolioRequest(withValueAt(body(), `${deposit0}.apy`, apy));
    expect(E.isRight(result) && result.right.banks[0]?.deposits[0]?.apy).toBe(apy);
  });

  it('reports a huge bank array at new_banks, then the problems of its first 500 elements only', () => {
    const banks = new Array<unknown>(1_000_000).fill('not a bank');
    const problems = problemsFor({ ...body(), new_banks: banks });
    expect(problems).toHaveLength(501);
    expect(problems[0]).toEqual({ path: 'new_banks', value: banks, message: 'must contain from 1 to 500 banks' });
    expect(problems[1]).toEqual({ path: 'new_banks[0]', value: 'not a bank', message: expect.any(String) });
    expect(problems[500]!.path).toBe('new_banks[499]');
  });

  it('echoes a deeply nested value without walking it', () => {
    let nested: unknown = 'deep';
    for (let i = 0; i < 100_000; i += 1) nested = [nested];
    expect(problemsFor(withValueAt(body(), `${deposit0}.apy`, nested))).toEqual([
      { path: `${deposit0}.apy`, value: nested, message: 'must be a JSON string' },
    ]);
  });

  it('treats __proto__ keys as unknown fields and pollutes nothing', () => {
    const text = JSON.stringify(body())
      .replace('{"new_delta"', '{"__proto__":{"polluted":1},"new_delta"')
      .replace('{"account"', '{"__proto__":{"polluted":2},"account"');
    expect(E.isRight(parsePortfolioRequest(JSON.parse(text)))).toBe(true);
    expect(problemsFor(JSON.parse(`{"__proto__":${JSON.stringify(body())}}`)).map((p) => p.path)).toEqual(['new_delta', 'new_banks']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

// ---- properties ----

const digitString = (minLength: number, maxLength: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength, maxLength });

/** Decimal text of integer part min..max and up to maxPlaces decimals, with optional `+` and leading zeros. */
const decimalArb = (min: number, max: number, maxPlaces: number) =>
  fc
    .tuple(fc.boolean(), fc.nat({ max: 3 }), fc.integer({ min, max }), fc.option(digitString(0, maxPlaces), { nil: undefined }))
    .map(([plus, zeros, integer, fraction]) => `${plus ? '+' : ''}${'0'.repeat(zeros)}${integer}${fraction === undefined ? '' : `.${fraction}`}`);

const pad = (n: number, width: number) => String(n).padStart(width, '0');

const depositArb = fc.record({
  account: fc.string({ unit: 'binary', minLength: 4, maxLength: 64 }),
  account_type: fc.constantFrom('Checking', 'Savings', 'CertificateOfDeposit', 'BrokerageCertificateOfDeposit'),
  apy: decimalArb(0, 99, 4),
  years: decimalArb(1, 99, 3),
  amount: decimalArb(0, 999_999_999_999, 2),
  start_date_in_bank_tz: fc
    .tuple(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
    .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`),
});

const bankArb = fc.record({
  name: fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }),
  bank_tz: fc.constantFrom('America/Chicago', 'Europe/Berlin', 'Asia/Kolkata', 'UTC', 'US/Pacific', 'Etc/GMT+5'),
  new_deposits: fc.array(depositArb, { minLength: 1, maxLength: 4 }),
});

const requestArb: fc.Arbitrary<PortfolioRequestJson> = fc.record({
  new_delta: fc.record({ period: decimalArb(1, 1000, 2), period_unit: fc.constantFrom('Day', 'Week', 'Month', 'Year') }),
  new_banks: fc.array(bankArb, { minLength: 1, maxLength: 4 }),
});

const scalarFields = ['account', 'account_type', 'apy', 'years', 'amount', 'start_date_in_bank_tz'];

/** Every field path of a valid request in document order, with whether it holds a scalar. */
const fieldPaths = (request: PortfolioRequestJson): Array<{ path: string; scalar: boolean }> => [
  { path: 'new_delta', scalar: false },
  { path: 'new_delta.period', scalar: true },
  { path: 'new_delta.period_unit', scalar: true },
  { path: 'new_banks', scalar: false },
  ...request.new_banks.flatMap((b, i) => [
    { path: `new_banks[${i}]`, scalar: false },
    { path: `new_banks[${i}].name`, scalar: true },
    { path: `new_banks[${i}].bank_tz`, scalar: true },
    { path: `new_banks[${i}].new_deposits`, scalar: false },
    ...b.new_deposits.flatMap((_, j) => [
      { path: `new_banks[${i}].new_deposits[${j}]`, scalar: false },
      ...scalarFields.map((field) => ({ path: `new_banks[${i}].new_deposits[${j}].${field}`, scalar: true })),
    ]),
  ]),
];

const normalised = (request: PortfolioRequestJson) => ({
  new_delta: { ...request.new_delta, period: normaliseDecimalText(request.new_delta.period) },
  new_banks: request.new_banks.map((b) => ({
    ...b,
    new_deposits: b.new_deposits.map((d) => ({
      ...d,
      apy: normaliseDecimalText(d.apy),
      years: normaliseDecimalText(d.years),
      amount: normaliseDecimalText(d.amount),
    })),
  })),
});

const nonString = fc.jsonValue().filter((value) => typeof value !== 'string');

const within = (path: string, root: string) => path === root || path.startsWith(`${root}.`) || path.startsWith(`${root}[`);

describe('parser properties', () => {
  it('parses every valid request, normalising its decimals', () => {
    fc.assert(
      fc.property(requestArb, (request) => {
        const result = parsePortfolioRequest(request);
        expect(E.isRight(result) && toPortfolioRequestJson(result.right)).toEqual(normalised(request));
      }),
    );
  });

  it('never throws on arbitrary values and always explains a rejection', () => {
    const shaped = fc.record({
      new_delta: fc.oneof(fc.anything(), fc.record({ period: fc.anything(), period_unit: fc.anything() })),
      new_banks: fc.oneof(fc.anything(), fc.array(fc.record({ name: fc.anything(), bank_tz: fc.anything(), new_deposits: fc.array(fc.anything()) }))),
    });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything(), shaped), (input) => {
        const result = parsePortfolioRequest(input);
        expect(E.isRight(result) || result.left.length > 0).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('names exactly the field replaced by a non-string where a string belongs', () => {
    const arb = requestArb.chain((request) =>
      fc.tuple(fc.constant(request), fc.constantFrom(...fieldPaths(request).filter((f) => f.scalar).map((f) => f.path)), nonString),
    );
    fc.assert(
      fc.property(arb, ([request, path, value]) => {
        expect(problemsFor(withValueAt(request, path, value))).toEqual([{ path, value, message: 'must be a JSON string' }]);
      }),
    );
  });

  it('reports problems only at or below a field replaced by arbitrary JSON', () => {
    const arb = requestArb.chain((request) =>
      fc.tuple(fc.constant(request), fc.constantFrom(...fieldPaths(request).map((f) => f.path)), fc.jsonValue()),
    );
    fc.assert(
      fc.property(arb, ([request, path, value]) => {
        const result = parsePortfolioRequest(withValueAt(request, path, value));
        if (E.isLeft(result)) {
          expect(result.left.length).toBeGreaterThan(0);
          expect(result.left.filter((p) => !within(p.path, path))).toEqual([]);
        } else {
          expect(typeof value).toBe('string');
        }
      }),
    );
  });

  it('reports problems in document order, one per broken field', () => {
    const arb = requestArb.chain((request) => {
      const scalars = fieldPaths(request).filter((f) => f.scalar).map((f) => f.path);
      return fc.tuple(fc.constant(request), fc.subarray(scalars, { minLength: 1 }), nonString);
    });
    fc.assert(
      fc.property(arb, ([request, broken, value]) => {
        for (const path of broken) withValueAt(request, path, value);
        const expected = fieldPaths(request).map((f) => f.path).filter((path) => broken.includes(path));
        expect(problemsFor(request).map((p) => p.path)).toEqual(expected);
      }),
    );
  });

  it('reports fields in the order of domain.md §2 whatever order the client wrote them in', () => {
    const input = {
      new_banks: [{ new_deposits: [{ start_date_in_bank_tz: 'x', amount: 'x', years: 'x', apy: 'x', account_type: 'x', account: 'x' }], bank_tz: 'x', name: '' }],
      new_delta: { period_unit: 'x', period: 'x' },
    };
    expect(problemsFor(input).map((p) => p.path)).toEqual(
      fieldPaths(input as unknown as PortfolioRequestJson).filter((f) => f.scalar).map((f) => f.path),
    );
  });
});
