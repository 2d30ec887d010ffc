import type * as t from 'io-ts';

/**
 * One failing field of a request body. `path` names it the way a client reads its own JSON
 * (`new_banks[2].new_deposits[0].apy`, `new_delta.period_unit`, `new_banks` for a rule on the whole array);
 * the body itself is the empty path `""`, as in JSON Pointer. `value` is the offending value exactly as received.
 */
export interface FieldProblem {
  readonly path: string;
  readonly value: unknown;
  readonly message: string;
}

/** The path of the request body itself. */
export const bodyPath = '';

const arrayIndex = /^(?:0|[1-9][0-9]*)$/;

/** Renders an io-ts context as `a.b[2].c`; the first entry is io-ts's root (key `""`), i.e. the body. */
export const pathOf = (context: t.Context): string =>
  context
    .slice(1)
    .reduce((path, { key }) => (arrayIndex.test(key) ? `${path}[${key}]` : path === bodyPath ? key : `${path}.${key}`), bodyPath);

/** Maps io-ts errors to field problems, keeping their order; a codec without its own message gets a generic one. */
export const problemsOf = (errors: t.Errors): ReadonlyArray<FieldProblem> =>
  errors.map((error) => ({ path: pathOf(error.context), value: error.value, message: error.message ?? 'is invalid' }));
