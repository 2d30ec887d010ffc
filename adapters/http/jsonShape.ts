import type { FieldProblem } from '../../domain/problem.js';
import { isWellFormed } from '../../domain/wellFormedText.js';

/** Deepest nesting a request body may have; real requests need five levels. */
export const maxJsonDepth = 32;

const pathOf = (parent: string, key: string | number): string =>
  typeof key === 'number' ? `${parent}[${key}]` : parent === '' ? key : `${parent}.${key}`;

/**
 * The first structural problem of a parsed body, if any: nesting deeper than `maxJsonDepth`, or a string that is not
 * well-formed Unicode (a lone surrogate cannot be stored, hashed or echoed). Checked before any field rule, so no
 * later step ever meets such a value.
 */
export const jsonShapeProblem = (value: unknown): FieldProblem | undefined => {
  // The path is written out only for a problem: a valid body (nearly every one) costs no path strings.
  const keys: Array<string | number> = [];
  const problem = (message: string): FieldProblem => ({ path: keys.reduce<string>(pathOf, ''), value: null, message });
  const visit = (node: unknown, depth: number): FieldProblem | undefined => {
    if (typeof node === 'string') {
      return isWellFormed(node) ? undefined : problem('must be well-formed Unicode (it holds a lone surrogate)');
    }
    if (typeof node !== 'object' || node === null) return undefined;
    if (depth >= maxJsonDepth) return problem(`nests deeper than ${maxJsonDepth} levels`);
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) {
        keys.push(index);
        const found = visit(node[index], depth + 1);
        keys.pop();
        if (found !== undefined) return found;
      }
      return undefined;
    }
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!isWellFormed(key)) return problem('has a key that is not well-formed Unicode');
      keys.push(key);
      const found = visit(record[key], depth + 1);
      keys.pop();
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return visit(value, 0);
};
