/**
 * One value of a recorded document that the recomputation does not reproduce. `path` names it the way the JSON reads
 * (`proposal.banks[0].deposits[1].outcome.maturity.interest`); a side is `undefined` when the value is absent there.
 */
export interface FigureDifference {
  readonly path: string;
  readonly recorded: unknown;
  readonly recomputed: unknown;
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const keyPath = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

/**
 * Every leaf where two JSON documents differ, in document order (the recorded document's key order, then keys only
 * the recomputed one has). Values are compared exactly: `"1.0"` and `"1.00"` differ, as they would on a statement.
 */
export const differencesOf = (recorded: unknown, recomputed: unknown, path = ''): ReadonlyArray<FigureDifference> => {
  if (Array.isArray(recorded) && Array.isArray(recomputed)) {
    const length = Math.max(recorded.length, recomputed.length);
    return Array.from({ length }, (_, index) => differencesOf(recorded[index], recomputed[index], `${path}[${index}]`)).flat();
  }
  if (isRecord(recorded) && isRecord(recomputed)) {
    const keys = [...new Set([...Object.keys(recorded), ...Object.keys(recomputed)])];
    return keys.flatMap((key) => differencesOf(recorded[key], recomputed[key], keyPath(path, key)));
  }
  return Object.is(recorded, recomputed) ? [] : [{ path, recorded, recomputed }];
};
