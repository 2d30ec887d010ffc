import * as E from 'fp-ts/lib/Either.js';

/** An event as it was stored: its type, the schema version it was written with, and its data in that version's shape. */
export interface StoredEventShape {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
}

/**
 * One step of a type's chain: turns data written at `fromVersion` into data at `fromVersion + 1`. A step is pure and
 * total over the shapes that version ever stored; it may throw on anything else (the event is then reported as
 * undecodable, never skipped).
 */
export interface UpcastStep {
  readonly type: string;
  readonly fromVersion: number;
  readonly upcast: (data: unknown) => unknown;
}

/**
 * The schema history of one aggregate's events: the current schema version of each type and, per type, a chain of
 * steps from version 1 up to it. Events are immutable, so an old shape is upcast on every read, forever.
 */
export interface UpcasterRegistry {
  /** The aggregate the registry belongs to (for messages). */
  readonly aggregate: string;
  /** Every event type the aggregate knows. */
  readonly types: ReadonlyArray<string>;
  /** The version new events of this type are written with; undefined for a type the aggregate does not know. */
  readonly currentSchemaVersion: (type: string) => number | undefined;
  /** Lifts a stored event to its type's current version (ready for the current codec), or says why it cannot be. */
  readonly upcast: (event: StoredEventShape) => E.Either<string, StoredEventShape>;
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const isVersion = (value: number): boolean => Number.isSafeInteger(value) && value >= 1;

/**
 * Builds an aggregate's registry. Throws when the history itself is inconsistent (a current version below 1, a step
 * for an unknown type or beyond the current version, a step given twice, or a gap in a chain): such a registry would
 * leave some stored events unreadable, so it must fail at start-up and in tests, not on the first old event.
 */
export const upcasterRegistry = (
  aggregate: string,
  current: Readonly<Record<string, number>>,
  steps: ReadonlyArray<UpcastStep>,
): UpcasterRegistry => {
  const chains = new Map<string, Map<number, UpcastStep['upcast']>>();
  for (const [type, version] of Object.entries(current)) {
    if (!isVersion(version)) throw new Error(`${aggregate} event ${type}: current schema version must be an integer >= 1, not ${version}`);
    chains.set(type, new Map());
  }
  for (const step of steps) {
    const chain = chains.get(step.type);
    if (chain === undefined) throw new Error(`${aggregate} upcaster for unknown event type ${step.type}`);
    const target = current[step.type]!;
    if (!isVersion(step.fromVersion) || step.fromVersion >= target) {
      throw new Error(`${aggregate} upcaster ${step.type} v${step.fromVersion}: must start from a version in 1..${target - 1}`);
    }
    if (chain.has(step.fromVersion)) throw new Error(`${aggregate} upcaster ${step.type} v${step.fromVersion} is given twice`);
    chain.set(step.fromVersion, step.upcast);
  }
  for (const [type, chain] of chains) {
    for (let version = 1; version < current[type]!; version += 1) {
      if (!chain.has(version)) throw new Error(`${aggregate} event ${type}: no upcaster from v${version} to v${version + 1}`);
    }
  }

  const currentSchemaVersion = (type: string): number | undefined => (chains.has(type) ? current[type] : undefined);

  const upcast = (event: StoredEventShape): E.Either<string, StoredEventShape> => {
    const chain = chains.get(event.type);
    const target = currentSchemaVersion(event.type);
    if (chain === undefined || target === undefined) return E.left(`${event.type} is not a ${aggregate} event type`);
    if (!isVersion(event.schemaVersion)) return E.left(`schema version ${event.schemaVersion} is not an integer >= 1`);
    if (event.schemaVersion > target) {
      return E.left(`schema version ${event.schemaVersion} is newer than this service knows (${target})`);
    }
    let data = event.data;
    for (let version = event.schemaVersion; version < target; version += 1) {
      try {
        data = chain.get(version)!(data);
      } catch (error) {
        return E.left(`upcasting ${event.type} from v${version} to v${version + 1} failed: ${reasonOf(error)}`);
      }
    }
    return E.right({ type: event.type, schemaVersion: target, data });
  };

  return { aggregate, types: [...chains.keys()], currentSchemaVersion, upcast };
};
