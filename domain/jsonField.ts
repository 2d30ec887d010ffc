import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

/**
 * io-ts codecs for the fields of a JSON request body. Unlike io-ts's own combinators, every failure carries a human
 * message (see problem.ts), and a missing field is told apart from a field of the wrong JSON type.
 */

const requiredMessage = 'is required';

// Same test io-ts's `t.type` applies, so an input is either handled here or by it, never reported without a message.
const isJsonObject = (u: unknown): u is Record<string, unknown> => Object.prototype.toString.call(u) === '[object Object]';

const missingOr = (u: unknown, message: string): string => (u === undefined ? requiredMessage : message);

/** A required JSON string whose text `parse` turns into a value, or into the message explaining why not. */
export const stringField = <A extends string>(
  name: string,
  parse: (text: string) => E.Either<string, A>,
): t.Type<A, string, unknown> =>
  new t.Type<A, string, unknown>(
    name,
    (u): u is A => {
      if (typeof u !== 'string') return false;
      const parsed = parse(u);
      return E.isRight(parsed) && parsed.right === u;
    },
    (u, c) => {
      if (typeof u !== 'string') return t.failure(u, c, missingOr(u, 'must be a JSON string'));
      const parsed = parse(u);
      return E.isRight(parsed) ? t.success(parsed.right) : t.failure(u, c, parsed.left);
    },
    (a) => a,
  );

/** A required JSON object; its properties are validated in the order `props` lists them, unknown ones ignored. */
export const objectField = <P extends t.Props>(
  name: string,
  props: P,
): t.Type<t.TypeOf<t.TypeC<P>>, t.OutputOf<t.TypeC<P>>, unknown> => {
  const shape = t.type(props, name);
  return new t.Type(
    name,
    shape.is,
    (u, c) => (isJsonObject(u) ? shape.validate(u, c) : t.failure(u, c, missingOr(u, 'must be a JSON object'))),
    shape.encode,
  );
};

/** How many items an array field may hold, and what a client is told otherwise. */
export interface ArraySize {
  readonly min: number;
  readonly max: number;
  readonly message: string;
}

/**
 * A required JSON array of `min..max` items, each validated in order. An array out of bounds is reported at its own
 * path, followed by the problems of its first `max` items, the most a valid request holds: every failing field is
 * listed, and the work and the number of problems stay bounded whatever the array's length.
 */
export const arrayField = <C extends t.Mixed>(
  name: string,
  item: C,
  size: ArraySize,
): t.Type<ReadonlyArray<t.TypeOf<C>>, ReadonlyArray<t.OutputOf<C>>, unknown> => {
  const items = t.readonlyArray(item, name);
  const fits = (length: number): boolean => length >= size.min && length <= size.max;
  return new t.Type(
    name,
    (u): u is ReadonlyArray<t.TypeOf<C>> => items.is(u) && fits(u.length),
    (u, c) => {
      if (!Array.isArray(u)) return t.failure(u, c, missingOr(u, 'must be a JSON array'));
      if (fits(u.length)) return items.validate(u, c);
      const examined = u.length > size.max ? items.validate(u.slice(0, size.max), c) : t.success(u);
      return t.failures([{ value: u, context: c, message: size.message }, ...(E.isLeft(examined) ? examined.left : [])]);
    },
    items.encode,
  );
};
