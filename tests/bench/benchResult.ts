/** One benchmark's outcome as the report prints it. */
export interface BenchResult {
  readonly name: string;
  /** Measured figures, e.g. `{ label: 'deposits/s', value: '31,200' }`. */
  readonly figures: ReadonlyArray<{ readonly label: string; readonly value: string }>;
  /** Optional comparisons against a target or another run, one readable line each. */
  readonly ratios?: ReadonlyArray<string>;
}
