import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { portfolioEventSchema } from '../../../domain/schemaEvolution/portfolioEventSchema.js';
import { profileEventSchema } from '../../../domain/schemaEvolution/profileEventSchema.js';
import { upcasterRegistry, type UpcastStep } from '../../../domain/schemaEvolution/upcasterRegistry.js';
import { profileEventTypes } from '../../../domain/profile/profileEvents.js';

// A made-up history: Renamed went v1 → v2 (field `n` renamed to `count`) → v3 (added `unit`, default "items").
const renamedSteps: ReadonlyArray<UpcastStep> = [
  { type: 'Renamed', fromVersion: 2, upcast: (data) => ({ ...(data as object), unit: 'items' }) },
  {
    type: 'Renamed',
    fromVersion: 1,
    upcast: (data) => {
      const { n, ...rest } = data as { n: number };
      if (typeof n !== 'number') throw new Error('v1 data has no n');
      return { ...rest, count: n };
    },
  },
];
const registry = upcasterRegistry('synthetic', { Renamed: 3, Stable: 1 }, renamedSteps);

describe('upcaster registry', () => {
  it('lifts data through every step of the chain, in version order whatever the order the steps are given in', () => {
    expect(registry.upcast({ type: 'Renamed', schemaVersion: 1, data: { n: 4, other: 'kept' } })).toEqual(
      E.right({ type: 'Renamed', schemaVersion: 3, data: { other: 'kept', count: 4, unit: 'items' } }),
    );
    expect(registry.upcast({ type: 'Renamed', schemaVersion: 2, data: { count: 4, unit: 'kg' } })).toEqual(
      E.right({ type: 'Renamed', schemaVersion: 3, data: { count: 4, unit: 'items' } }),
    );
  });

  it('passes data at the current version through untouched', () => {
    const data = { count: 1, unit: 'kg' };
    const current = registry.upcast({ type: 'Renamed', schemaVersion: 3, data });
    expect(E.isRight(current) && current.right.data).toBe(data);
    expect(registry.upcast({ type: 'Stable', schemaVersion: 1, data: 'x' })).toEqual(E.right({ type: 'Stable', schemaVersion: 1, data: 'x' }));
  });

  it('refuses versions newer than it knows, versions below 1, unknown types, and reports a failing step', () => {
    const reason = (schemaVersion: number, type = 'Renamed', data: unknown = { n: 1 }) => {
      const result = registry.upcast({ type, schemaVersion, data });
      return E.isLeft(result) ? result.left : 'decoded';
    };
    expect(reason(4)).toMatch(/schema version 4 is newer than this service knows \(3\)/);
    expect(reason(0)).toMatch(/not an integer >= 1/);
    expect(reason(1.5)).toMatch(/not an integer >= 1/);
    expect(reason(1, 'Other')).toMatch(/Other is not a synthetic event type/);
    expect(reason(1, 'Renamed', { m: 1 })).toMatch(/upcasting Renamed from v1 to v2 failed: v1 data has no n/);
  });

  it('reports each type with its current schema version', () => {
    expect(registry.types).toEqual(['Renamed', 'Stable']);
    expect(registry.currentSchemaVersion('Renamed')).toBe(3);
    expect(registry.currentSchemaVersion('Stable')).toBe(1);
    expect(registry.currentSchemaVersion('Other')).toBeUndefined();
  });

  it('refuses at construction a history that would leave stored events unreadable', () => {
    const step = (type: string, fromVersion: number): UpcastStep => ({ type, fromVersion, upcast: (data) => data });
    expect(() => upcasterRegistry('a', { T: 3 }, [step('T', 1)])).toThrow(/no upcaster from v2 to v3/);
    expect(() => upcasterRegistry('a', { T: 2 }, [])).toThrow(/no upcaster from v1 to v2/);
    expect(() => upcasterRegistry('a', { T: 2 }, [step('T', 1), step('T', 1)])).toThrow(/given twice/);
    expect(() => upcasterRegistry('a', { T: 2 }, [step('T', 1), step('T', 2)])).toThrow(/must start from a version in 1..1/);
    expect(() => upcasterRegistry('a', { T: 1 }, [step('U', 1)])).toThrow(/unknown event type U/);
    expect(() => upcasterRegistry('a', { T: 0 }, [])).toThrow(/integer >= 1/);
  });
});

describe('production event schemas', () => {
  it('know every portfolio and profile event type at its version: proposals and revisions at 2 (profile_version), the rest at 1', () => {
    expect(portfolioEventSchema.types).toEqual(['PortfolioProposed', 'PortfolioRevised', 'PortfolioWithdrawn']);
    expect([...profileEventSchema.types].sort()).toEqual([...profileEventTypes].sort());
    const atTwo = new Set(['PortfolioProposed', 'PortfolioRevised']);
    for (const schema of [portfolioEventSchema, profileEventSchema]) {
      for (const type of schema.types) expect(schema.currentSchemaVersion(type), type).toBe(atTwo.has(type) ? 2 : 1);
    }
  });
});
