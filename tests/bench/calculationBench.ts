import type { AccountType } from '../../domain/accountType.js';
import { calculatePortfolio } from '../../domain/portfolioCalculation.js';
import type { PortfolioRequest } from '../../domain/portfolioRequest.js';
import { aBank, aDeposit, aRequest } from '../domain/support/portfolioRequestBuilder.js';
import type { BenchResult } from './benchResult.js';

const targetPerSecond = 20_000;
const depositsPerBank = 50;
const banksPerPortfolio = 10;

// A fixed linear congruential sequence, so every run measures the same inputs.
const sequence = (seed: number): (() => number) => {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
};

interface Mix {
  readonly label: string;
  readonly accountType: AccountType;
  readonly fractional: boolean;
}

const mixes: ReadonlyArray<Mix> = [
  { label: 'simple, whole years', accountType: 'BrokerageCertificateOfDeposit', fractional: false },
  { label: 'simple, fractional years', accountType: 'BrokerageCertificateOfDeposit', fractional: true },
  { label: 'compound, whole years', accountType: 'CertificateOfDeposit', fractional: false },
  { label: 'compound, fractional years', accountType: 'Savings', fractional: true },
];

const portfolioOf = (kinds: ReadonlyArray<Mix>, seed: number): PortfolioRequest => {
  const next = sequence(seed);
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const banks = Array.from({ length: banksPerPortfolio }, (_, b) =>
    aBank(
      Array.from({ length: depositsPerBank }, (_, d) => {
        const kind = kinds[(b * depositsPerBank + d) % kinds.length] as Mix;
        const hundredths = kind.fractional ? int(1, 30) * 100 + int(1, 99) : int(1, 30) * 100;
        return aDeposit({
          account: `ACC${b}-${d}`,
          accountType: kind.accountType,
          apy: (int(1, 1_000) / 100).toFixed(2),
          years: kind.fractional ? (hundredths / 100).toFixed(2) : String(hundredths / 100),
          amount: `${int(100, 2_000_000)}.${String(int(0, 99)).padStart(2, '0')}`,
          startDate: `20${String(int(10, 30))}-0${int(1, 9)}-1${int(0, 9)}`,
        });
      }),
      `BANK-${b}`,
    ),
  );
  return aRequest(banks, '1', 'Month');
};

interface Rate {
  /** Deposits per wall-clock second. */
  readonly wall: number;
  /** Deposits per second of this process's CPU time: steadier when other processes share the machine. */
  readonly cpu: number;
}

/** Runs at least once, then until `seconds` have passed. */
const depositsPerSecond = (request: PortfolioRequest, seconds: number): Rate => {
  const size = request.banks.reduce((n, bank) => n + bank.deposits.length, 0);
  let id = 0;
  const context = { newId: () => `id-${(id += 1)}`, createdAt: '2024-01-01T00:00:00Z' };
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let deposits = 0;
  do {
    calculatePortfolio(request, context);
    deposits += size;
  } while (performance.now() - started < seconds * 1000);
  const cpu = process.cpuUsage(cpuStarted);
  return { wall: deposits / ((performance.now() - started) / 1000), cpu: deposits / ((cpu.user + cpu.system) / 1e6) };
};

const format = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Deposits calculated per second in-process, for an even mix of simple/compound and whole/fractional terms. */
export async function calculationBench(): Promise<BenchResult> {
  const mixed = portfolioOf(mixes, 42);
  const coldStarted = performance.now();
  depositsPerSecond(mixed, 0);
  const coldMs = performance.now() - coldStarted;
  depositsPerSecond(mixed, 0.3);
  const overall = depositsPerSecond(mixed, 1.5);
  // Each kind on its own, with the same inputs as in the mix (so the constant tables are equally warm).
  const perKind = mixes.map((kind) => {
    const own = mixed.banks.flatMap((bank) =>
      bank.deposits.filter((d) => d.accountType === kind.accountType && d.years.includes('.') === kind.fractional),
    );
    return { label: kind.label, rate: depositsPerSecond(aRequest([aBank(own)], '1', 'Month'), 0.25) };
  });
  const both = (rate: Rate): string => `${format(rate.wall)}  (${format(rate.cpu)} per CPU-second)`;
  return {
    name: `calculation engine (${banksPerPortfolio} banks × ${depositsPerBank} deposits per portfolio)`,
    figures: [
      { label: 'even mix, deposits/s', value: both(overall) },
      ...perKind.map((kind) => ({ label: `${kind.label}, deposits/s`, value: both(kind.rate) })),
      { label: 'first portfolio of the process (cold tables and JIT), ms', value: coldMs.toFixed(1) },
    ],
    ratios: [
      `even mix / target ${format(targetPerSecond)}: ${(overall.wall / targetPerSecond).toFixed(2)}× wall-clock, ` +
        `${(overall.cpu / targetPerSecond).toFixed(2)}× per CPU-second`,
    ],
  };
}
