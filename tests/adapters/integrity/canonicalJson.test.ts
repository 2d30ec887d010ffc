import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../adapters/integrity/canonicalJson.js';

/** What a serialiser gives for a value: its text, or the message it throws. */
const outcome = (serialise: (value: unknown) => string | undefined, value: unknown) => {
  try {
    return { text: serialise(value) };
  } catch (error) {
    return { error: (error as Error).message };
  }
};

const sameAsCanonicalize = (value: unknown): void => {
  expect(outcome(canonicalJson, value)).toEqual(outcome(canonicalize, value));
};

/** Strings with what JSON escapes and what RFC 8785 refuses: quotes, backslashes, control characters, lone surrogates. */
const awkwardText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', '"', '\\', '\\u0041', '\u0000', '\u001f', '\u007f', '\u2028', 'é', '😀', '\ud800', 'a\udc00', '\udbff\udfff'),
);
/** Keys JavaScript does not keep in insertion order, or treats specially. */
const awkwardKey = fc.oneof(awkwardText, fc.constantFrom('0', '1', '9', '10', '01', '-1', '1.5', '__proto__', 'constructor', 'toJSON'));

describe('canonicalJson', () => {
  it('writes members sorted by UTF-16 code units, without whitespace, in ECMAScript number form', () => {
    expect(canonicalJson({ b: [1, 'x', null, true], a: { d: 1e21, c: -0 }, é: 1, '10': 2, '9': 3, Z: 0.1 })).toBe(
      '{"10":2,"9":3,"Z":0.1,"a":{"c":0,"d":1e+21},"b":[1,"x",null,true],"é":1}',
    );
  });

  it('writes every JSON value exactly as the canonicalize package does', () => {
    fc.assert(fc.property(fc.jsonValue(), sameAsCanonicalize), { numRuns: 2_000 });
  });

  it('writes or refuses awkward keys and strings exactly as the canonicalize package does', () => {
    const member = fc.oneof(awkwardText, fc.double(), fc.integer(), fc.constant(undefined), fc.constant(null));
    fc.assert(fc.property(fc.dictionary(awkwardKey, fc.oneof(member, fc.array(member))), sameAsCanonicalize), { numRuns: 2_000 });
  });

  it('treats any other JavaScript value exactly as the canonicalize package does', () => {
    const anything = fc.anything({
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      stringUnit: 'binary',
    });
    fc.assert(fc.property(anything, sameAsCanonicalize), { numRuns: 2_000 });
  });

  it('agrees on values JSON has no text for: functions, symbols, holes, toJSON, own __proto__ members', () => {
    const withToJson = Object.assign([1, 2], { toJSON: () => ({ y: 1, x: 2 }) });
    // eslint-disable-next-line no-sparse-arrays
    const holes = [1, , 3];
    for (const value of [
      { f: () => 1, s: Symbol('s'), u: undefined, n: 1 },
      [() => 1, Symbol('s'), undefined, 2],
      holes,
      withToJson,
      { when: new Date(0) },
      JSON.parse('{"__proto__": {"x": 1}, "a": 2}'),
      undefined,
    ]) {
      sameAsCanonicalize(value);
    }
  });

  it('refuses what RFC 8785 cannot write, with the messages of the canonicalize package', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    for (const value of [{ n: Number.NaN }, [Number.POSITIVE_INFINITY], { 'x\ud800': 1 }, ['\udc00'], cyclic]) {
      expect(outcome(canonicalJson, value)).toEqual(outcome(canonicalize, value));
      expect(outcome(canonicalJson, value)).toHaveProperty('error');
    }
    expect(() => canonicalJson({ big: 1n })).toThrow(TypeError);
  });
});
