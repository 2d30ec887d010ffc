import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTableInput, type TableNames } from '../../../adapters/dynamodb/tables.js';
import { createProjector } from '../../../adapters/projection/projectorHandler.js';
import { readModelChecksum } from '../../../adapters/projection/readModelChecksum.js';
import { rebuildReadModels, type RebuildProgress } from '../../../adapters/projection/rebuild.js';
import type { PortfolioRequest } from '../../../domain/portfolioRequest.js';
import type { ProfileCommand } from '../../../domain/profile/profileCommands.js';
import type { HorizonYears, Last4, RiskScore } from '../../../domain/profile/profileValues.js';
import { portfolioRequest } from '../../domain/support/portfolioRequestArbitrary.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';
import { batchOf, freshTables, projectionWorld, streamRecordsOf } from './support/projectionWorld.js';

type Step =
  | { readonly kind: 'propose'; readonly portfolio: number; readonly profile: number | null; readonly request: PortfolioRequest }
  | { readonly kind: 'revise'; readonly portfolio: number; readonly request: PortfolioRequest }
  | { readonly kind: 'withdraw'; readonly portfolio: number }
  | { readonly kind: 'profile'; readonly profile: number; readonly command: ProfileCommand };

const profileCommands: ReadonlyArray<ProfileCommand> = [
  { type: 'RecordRiskAssessment', risk_score: 55 as RiskScore, time_horizon_years: '7.5' as HorizonYears, liquidity_needs: null, notes: null },
  { type: 'SubmitApplication', portfolio_id: null },
  { type: 'RecordAccountOpening', account_number_last4: '9876' as Last4, custodian: 'Fidelity' },
  { type: 'RecordComplianceReview', outcome: 'approved', notes: null },
];

const portfolioIndex = fc.integer({ min: 0, max: 2 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('propose' as const), portfolio: portfolioIndex, profile: fc.constantFrom(null, 0, 1), request: portfolioRequest }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('revise' as const), portfolio: portfolioIndex, request: portfolioRequest }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), portfolio: portfolioIndex }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('profile' as const), profile: fc.constantFrom(0, 1), command: fc.constantFrom(...profileCommands) }) },
);

/** How records reach the handler: an order, repeats, batch sizes, and a window of calls in which DynamoDB fails. */
const delivery = fc.record({
  priorities: fc.array(fc.integer(), { minLength: 64, maxLength: 64 }),
  repeats: fc.array(fc.integer({ min: 0, max: 63 }), { maxLength: 24 }),
  batchSizes: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 16, maxLength: 16 }),
  // Early enough that even a short history's projection (a few dozen calls) runs into it.
  outage: fc.option(fc.record({ from: fc.integer({ min: 1, max: 40 }), length: fc.integer({ min: 1, max: 25 }) }), { nil: undefined }),
});

/**
 * The real client, except that calls number `from` .. `from + length - 1` fail as a network outage would; `injected`
 * says how many did.
 */
const flaky = (client: DynamoDBClient, outage: { from: number; length: number } | undefined) => {
  let calls = 0;
  let injected = 0;
  const proxy = new Proxy(client, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return (command: never) => {
        calls += 1;
        if (outage !== undefined && calls >= outage.from && calls < outage.from + outage.length) {
          injected += 1;
          return Promise.reject(new Error(`injected outage at call ${calls}`));
        }
        return target.send(command);
      };
    },
  });
  return { client: proxy, injected: () => injected };
};

const readModelTableBeside = async (client: DynamoDBClient, tables: TableNames): Promise<TableNames> => {
  const readModels = `${tables.readModels}-rebuilt`;
  await client.send(new CreateTableCommand(createTableInput('readModels', readModels)));
  return { ...tables, readModels };
};

describe('projection convergence', () => {
  let dynamo: DynamoFixture;
  beforeAll(async () => {
    dynamo = await useDynamo();
  });

  const runHistory = async (tables: TableNames, steps: ReadonlyArray<Step>) => {
    const world = projectionWorld(dynamo.client, tables);
    await world.createProfile('prof-0', 'client-0');
    await world.createProfile('prof-1', 'client-1');
    for (const s of steps) {
      switch (s.kind) {
        case 'propose':
          await world.propose(`pf-${s.portfolio}`, s.request, s.profile === null ? null : `prof-${s.profile}`);
          break;
        case 'revise':
          await world.revise(`pf-${s.portfolio}`, s.request);
          break;
        case 'withdraw':
          await world.withdraw(`pf-${s.portfolio}`);
          break;
        case 'profile':
          await world.profileStep(`prof-${s.profile}`, s.command);
          break;
      }
    }
    return world;
  };

  it('ends with the read model of a clean rebuild, whatever the duplicates, order, retries and outages of delivery', async () => {
    let runsThroughOutages = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 9 }), delivery, async (steps, plan) => {
        const tables = await freshTables(dynamo.client);
        const world = await runHistory(tables, steps);
        const records = await streamRecordsOf(dynamo.client, tables, world.events);

        // Every record at least once, some twice, in an arbitrary order.
        const deliveries = [...records.keys(), ...plan.repeats.filter((i) => i < records.length)]
          .map((index, position) => ({ index, priority: plan.priorities[position % plan.priorities.length]! + position }))
          .sort((a, b) => a.priority - b.priority)
          .map(({ index }) => records[index]!);
        const outage = flaky(dynamo.client, plan.outage);
        const handler = createProjector({ client: outage.client, tables, shards: 2, maxAttempts: 1_000, concurrency: 3 });
        const queue: DynamoDBRecord[] = [...deliveries];
        for (let call = 0; queue.length > 0; call += 1) {
          if (call > 500) throw new Error('delivery did not finish');
          const batch = queue.splice(0, plan.batchSizes[call % plan.batchSizes.length]!);
          const { batchItemFailures } = await handler(batchOf(batch));
          const failed = new Set(batchItemFailures.map((failure) => failure.itemIdentifier));
          // A failed record comes again later (after whatever is queued), as a retry would.
          queue.push(...batch.filter((record) => failed.has(record.dynamodb!.SequenceNumber!)));
        }
        const live = await readModelChecksum({ client: dynamo.client, tables });

        const rebuiltTables = await readModelTableBeside(dynamo.client, tables);
        const rebuild = await rebuildReadModels({ client: dynamo.client, tables: rebuiltTables, segments: 3, shards: 2 });
        expect(rebuild.failures).toEqual([]);
        const rebuilt = await readModelChecksum({ client: dynamo.client, tables: rebuiltTables });
        expect(live).toEqual(rebuilt);
        // Profiles and portfolios always leave state items, so an empty read model would be a broken test.
        expect(live.items).toBeGreaterThan(0);
        if (outage.injected() > 0) runsThroughOutages += 1;
      }),
      { numRuns: 12 },
    );
    // The property is named for outages too: most runs must have met one, or it would only be checking the easy case.
    expect(runsThroughOutages).toBeGreaterThanOrEqual(4);
  });

  it('rebuilds over a live read model without changing it, reporting its progress', async () => {
    const tables = await freshTables(dynamo.client);
    const world = projectionWorld(dynamo.client, tables);
    const [request] = fc.sample(portfolioRequest, { numRuns: 1, seed: 7 });
    await world.createProfile('prof-r', 'client-r');
    await world.propose('pf-r1', request!, 'prof-r');
    await world.propose('pf-r2', request!, null);
    await world.revise('pf-r2', request!);
    const handler = createProjector({ client: dynamo.client, tables, shards: 2 });
    expect(await handler(batchOf(await streamRecordsOf(dynamo.client, tables, world.events)))).toEqual({ batchItemFailures: [] });
    const before = await readModelChecksum({ client: dynamo.client, tables });

    const progress: RebuildProgress[] = [];
    const result = await rebuildReadModels({ client: dynamo.client, tables, segments: 2, shards: 2, onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ streams: 3, projected: 3, failures: [] });
    expect(result.scanned).toBe(world.events.length);
    expect(progress.at(-1)).toEqual({ phase: 'apply', scanned: world.events.length, streams: 3, projected: 3, failed: 0 });
    expect(await readModelChecksum({ client: dynamo.client, tables })).toEqual(before);
  });
});
