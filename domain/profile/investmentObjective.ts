/** What a client wants their money to do (a profile names at least one, without repeats). */
export const investmentObjectives = ['capital_preservation', 'income', 'growth', 'speculation'] as const;
export type InvestmentObjective = (typeof investmentObjectives)[number];

/** True when the value names a known objective (case-sensitive). */
export const isInvestmentObjective = (value: unknown): value is InvestmentObjective =>
  (investmentObjectives as ReadonlyArray<unknown>).includes(value);
