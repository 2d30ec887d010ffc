/** One difference between two JSON states, at a path written like a field problem's (`a.b[2].c`; `""` is the root). */
export type StateChange =
  | { readonly path: string; readonly change: 'added'; readonly to: unknown }
  | { readonly path: string; readonly change: 'removed'; readonly from: unknown }
  | { readonly path: string; readonly change: 'changed'; readonly from: unknown; readonly to: unknown };

type JsonObject = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

const childPath = (path: string, key: string): string =>
  identifier.test(key) ? (path === '' ? key : `${path}.${key}`) : `${path}[${JSON.stringify(key)}]`;

const diffInto = (changes: StateChange[], path: string, before: unknown, after: unknown): void => {
  if (before === undefined && after === undefined) return;
  if (before === undefined) {
    changes.push({ path, change: 'added', to: after });
    return;
  }
  if (after === undefined) {
    changes.push({ path, change: 'removed', from: before });
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    // Lists in states are ordered histories (reviews, links) or positional (banks, deposits): compared by position.
    for (let i = 0; i < Math.max(before.length, after.length); i++) diffInto(changes, `${path}[${i}]`, before[i], after[i]);
    return;
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...Object.keys(before), ...Object.keys(after).filter((key) => !Object.hasOwn(before, key))];
    for (const key of keys) diffInto(changes, childPath(path, key), before[key], after[key]);
    return;
  }
  if (before !== after) changes.push({ path, change: 'changed', from: before, to: after });
};

/**
 * What changed from one folded state to another (JSON values: objects, arrays, strings, numbers, booleans, null): the
 * leaves that changed, and whole subtrees that were added or removed, in the order of `before`'s keys, then `after`'s.
 * An absent state (`null`, e.g. a profile before it was created) compares as an empty object to an object, so creating
 * an aggregate lists each of its fields as added.
 */
export const stateDiff = (before: unknown, after: unknown): ReadonlyArray<StateChange> => {
  const changes: StateChange[] = [];
  const empty = (state: unknown, other: unknown): unknown => (state === null && isObject(other) ? {} : state);
  diffInto(changes, '', empty(before, after), empty(after, before));
  // An empty object has no fields to list, yet is not the absent state.
  if (changes.length === 0 && (before === null) !== (after === null)) changes.push({ path: '', change: 'changed', from: before, to: after });
  return changes;
};
