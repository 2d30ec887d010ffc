import { userInfo } from 'node:os';
import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerAuditReplay } from '../../../adapters/cli/auditReplayCommand.js';
import { dynamoEventStore } from '../../../adapters/dynamodb/eventStore.js';
import type { StreamId } from '../../../application/ports/eventStore.js';
import { engineVersion } from '../../../domain/portfolioCalculation.js';
import { runGoldenScenario, type GoldenStream } from '../../golden/goldenScenario.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';

interface Run {
  readonly out: string;
  readonly code: number | undefined;
}

describe('fiducia audit replay (on DynamoDB Local)', () => {
  let dynamo: DynamoFixture;
  let streams: ReadonlyArray<GoldenStream>;

  /** Runs `fiducia audit replay ...args` in process, against the fixture's tables, capturing output and exit code. */
  const replay = async (...args: string[]): Promise<Run & { err: string }> => {
    let out = '';
    let err = '';
    let code: number | undefined;
    const program = new Command('fiducia').exitOverride();
    registerAuditReplay(program.command('audit'), {
      env: { FIDUCIA_DYNAMODB_ENDPOINT: dynamo.endpoint, FIDUCIA_TABLE_PREFIX: dynamo.tables.events.slice(0, -'events'.length) },
      write: (text) => {
        out += text;
      },
      err: (text) => {
        err += text;
      },
      setExitCode: (exit) => {
        code = exit;
      },
    });
    await program.parseAsync(['audit', 'replay', ...args], { from: 'user' });
    return { out, err, code };
  };

  const stream = (label: string): GoldenStream => streams.find((candidate) => candidate.label === label)!;

  beforeAll(async () => {
    dynamo = await useDynamo();
    // Real events, committed by the real use cases through the DynamoDB event store.
    streams = await runGoldenScenario(dynamoEventStore(dynamo.client, dynamo.tables));
  });

  it('replays every stream and reports no difference (exit 0)', async () => {
    const run = await replay('--all', '--segments', '3');
    expect(run.code).toBe(0);
    // The operator's audit trail holds this replay, recorded before anything was read: one more stream and event.
    expect(run.out).toContain('streams: 4, events: 14, calculations replayed: 4, differences: 0, unverified: 0, problems: 0');
    expect(run.out).toContain(`current engine ${engineVersion}`);
    const trail = await dynamoEventStore(dynamo.client, dynamo.tables).readStream(`audit-cli:${userInfo().username}` as StreamId);
    expect(trail.map((event) => (event.data as { resource: string }).resource)).toEqual(['fiducia audit replay --all']);
  });

  it('replays one stream, reading the profile its findings were evaluated against as of each proposal', async () => {
    const run = await replay(stream('portfolio-for-profile').streamId);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^streams: 1, events: 2, calculations replayed: 2, differences: 0/);
  });

  it('reports a figure tampered with in the store, with the engine versions involved (exit 1)', async () => {
    const target = stream('portfolio-without-profile').streamId;
    const key = { stream_id: { S: target }, version: { N: '2' } };
    const { Item } = await dynamo.client.send(new GetItemCommand({ TableName: dynamo.tables.events, Key: key }));
    const data = JSON.parse(Item!.data!.S!);
    const original = data.proposal.banks[0].deposits[1].outcome.maturity.interest;
    data.proposal.banks[0].deposits[1].outcome.maturity.interest = '0.01';
    await dynamo.client.send(
      new UpdateItemCommand({ TableName: dynamo.tables.events, Key: key, UpdateExpression: 'SET #d = :d', ExpressionAttributeNames: { '#d': 'data' }, ExpressionAttributeValues: { ':d': { S: JSON.stringify(data) } } }),
    );

    const run = await replay('--all');
    expect(run.code).toBe(1);
    expect(run.out).toContain('calculations replayed: 4, differences: 1,');
    expect(run.out).toContain(`${target} v2 PortfolioRevised (recorded 2026-11-02T09:08:00.000Z; engine recorded 1.0.0, current ${engineVersion})`);
    expect(run.out).toContain(`  proposal.banks[0].deposits[1].outcome.maturity.interest: recorded "0.01", recomputed "${original}"`);

    const json = JSON.parse((await replay(target, '--json')).out);
    expect(json.differences).toBe(1);
    expect(json.flagged[0].calculations[0]).toMatchObject({
      version: 2,
      engineVersion: { recorded: '1.0.0', current: engineVersion },
      differences: [{ path: 'proposal.banks[0].deposits[1].outcome.maturity.interest', recorded: '0.01', recomputed: original }],
    });
  });

  it('refuses to guess what to replay, and an unknown stream, with exit 2: 1 would say that figures differ', async () => {
    for (const args of [[], ['portfolio-x', '--all']]) {
      expect(await replay(...args)).toEqual({ out: '', err: 'fiducia audit replay: audit replay needs either a stream or --all (not both)\n', code: 2 });
    }
    expect(await replay('portfolio-does-not-exist')).toEqual({ out: '', err: 'fiducia audit replay: stream portfolio-does-not-exist has no events\n', code: 2 });
  });
});
