import type { FieldProblem } from '../../domain/problem.js';

/** Deepest nesting a request body may have; real requests need five levels. */
export const maxJsonDepth = 32;

// String.prototype.isWellFormed is ES2024; Node 20 has it, but its typings sit beyond the ES2023 library we target.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const isWellFormed = (text: string): boolean => !loneSurrogate.test(text);

const pathOf = (parent: string, key: string | number): string =>
  typeof key === 'number' ? `${parent}[${key}]` : parent === '' ? key : `${parent}.${key}`;

/**
 * The first structural problem of a parsed body, if any: nesting deeper than `maxJsonDepth`, or a string that is not
 * well-formed Unicode (a lone surrogate cannot be stored, hashed or echoed). Checked before any field rule, so no
 * later step ever meets such a value.
 */
export const jsonShapeProblem = (value: unknown): FieldProblem | undefined => {
  const visit = (node: unknown, path: string, depth: number): FieldProblem | undefined => {
    if (typeof node === 'string') {
      return isWellFormed(node) ? undefined : { path, value: null, message: 'must be well-formed Unicode (it holds a lone surrogate)' };
    }
    if (typeof node !== 'object' || node === null) return undefined;
    if (depth >= maxJsonDepth) return { path, value: null, message: `nests deeper than ${maxJsonDepth} levels` };
    const entries: Array<[string | number, unknown]> = Array.isArray(node) ? node.map((item, index) => [index, item]) : Object.entries(node);
    for (const [key, child] of entries) {
      if (typeof key === 'string' && !isWellFormed(key)) return { path, value: null, message: 'has a key that is not well-formed Unicode' };
      const problem = visit(child, pathOf(path, key), depth + 1);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
  return visit(value, '', 0);
};
