import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { paginateScan, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signDevToken } from '../../../adapters/auth/devToken.js';
import { loadOrCreateLocalSecret } from '../../../adapters/auth/localSecret.js';
import { createDynamoClient } from '../../../adapters/dynamodb/dynamoClient.js';
import { tableNames } from '../../../adapters/dynamodb/tables.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const request = JSON.parse(await readFile(new URL('../../../../shared/examples/requests/portfolio_request_valid.json', import.meta.url), 'utf8'));

/** Starts the real `npm start` entry point against the shared engine and resolves with its URL. */
const startServer = (env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'adapters/local/start.ts'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]! });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });

const profile = {
  client_id: 'client-1',
  client: { name: 'Ada Lovelace', date_of_birth: '1980-12-10', email: 'ada@example.com', tax_id_last4: '1234' },
  investment_objectives: ['income'],
  risk_score: 40,
  time_horizon_years: '5',
  liquidity_needs: null,
  target_allocation: { cash: '100' },
  existing_holdings: [],
};

describe('crash safety of the command path', () => {
  const prefix = `crash${randomBytes(4).toString('hex')}-`;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let server: { child: ChildProcess; url: string } | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'fiducia-crash-'));
    env = { FIDUCIA_DATA_DIR: dataDir, PORT: '0', FIDUCIA_DYNAMODB_ENDPOINT: inject('dynamoEndpoint'), FIDUCIA_TABLE_PREFIX: prefix };
  });
  afterAll(() => {
    server?.child.kill('SIGKILL');
  });

  it('keeps every command answered 2xx, and nothing half-written, when the server is SIGKILLed mid-stream', async () => {
    server = await startServer(env);
    const secret = await loadOrCreateLocalSecret(dataDir);
    const token = await signDevToken({ sub: 'advisor-1', roles: ['advisor'], secret, expiresIn: '1h' });
    const post = (url: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

    const profiles: string[] = [];
    for (let i = 0; i < 4; i++) profiles.push(((await (await post(server.url, '/profiles', profile)).json()) as { profile_id: string }).profile_id);

    // Eight workers send single-stream, two-stream (linked to a profile) and idempotent commands until the kill.
    const acknowledged: Array<{ uuid: string; body: string; key?: string; request: unknown }> = [];
    // Every answer that arrived: a proposal is stored (200), or, linked to a profile other workers link too, it lost
    // the race for that profile even after its retries (409). Anything else would be a failure of the service.
    const refused: Array<{ status: number; linked: boolean }> = [];
    let alive = true;
    const worker = async (n: number) => {
      for (let i = 0; alive; i++) {
        const kind = (n + i) % 3;
        const body = kind === 1 ? { ...request, profile_uuid: profiles[(n + i) % profiles.length] } : request;
        const key = kind === 2 ? `w${n}-${i}` : undefined;
        try {
          const answer = await post(server!.url, '/api/drive-deposits/calculate-portfolio', body, key === undefined ? {} : { 'idempotency-key': key });
          const text = await answer.text();
          if (answer.status === 200) acknowledged.push({ uuid: (JSON.parse(text) as { uuid: string }).uuid, body: text, request: body, ...(key === undefined ? {} : { key }) });
          else refused.push({ status: answer.status, linked: kind === 1 });
        } catch {
          return; // the connection died with the server
        }
      }
    };
    const workers = Array.from({ length: 8 }, (_, n) => worker(n));
    for (let waited = 0; acknowledged.length < 40; waited += 50) {
      if (waited > 45_000) throw new Error(`only ${acknowledged.length} commands acknowledged before the kill; refused: ${JSON.stringify(refused)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    server.child.kill('SIGKILL');
    alive = false;
    await Promise.all(workers);
    expect(acknowledged.length).toBeGreaterThanOrEqual(40);
    expect(refused.filter(({ status, linked }) => !(status === 409 && linked))).toEqual([]);

    server = await startServer(env);
    const reader = await signDevToken({ sub: 'compliance-1', roles: ['compliance'], secret, expiresIn: '1h' });
    for (const { uuid, body } of acknowledged) {
      const answer = await fetch(`${server.url}/portfolios/${uuid}`, { headers: { authorization: `Bearer ${reader}` } });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual(JSON.parse(body));
    }

    // Nothing half-written: every stream is contiguous from 1 and chained; every link has both sides.
    const dynamo = createDynamoClient(inject('dynamoEndpoint'));
    const items: Record<string, AttributeValue>[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await dynamo.send(new ScanCommand({ TableName: tableNames(prefix).events, ConsistentRead: true, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    const streams = new Map<string, Array<{ version: number; hash: string; previous: string; type: string; data: string | undefined }>>();
    for (const item of items) {
      const list = streams.get(item.stream_id!.S!) ?? [];
      list.push({ version: Number(item.version!.N), hash: item.hash!.S!, previous: item.previous_hash!.S!, type: item.type!.S!, data: item.data?.S });
      streams.set(item.stream_id!.S!, list);
    }
    const linkedFromProfiles = new Set<string>();
    const linkedFromPortfolios = new Set<string>();
    for (const [stream, events] of streams) {
      events.sort((a, b) => a.version - b.version);
      expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
      events.slice(1).forEach((event, i) => expect(event.previous).toBe(events[i]!.hash));
      for (const event of events) {
        if (event.type === 'ProposalLinked') linkedFromProfiles.add(JSON.parse(event.data!).portfolio_id);
        if (event.type === 'PortfolioProposed' && JSON.parse(event.data!).profile_id !== null) linkedFromPortfolios.add(stream.replace(/^portfolio-/, ''));
      }
    }
    expect(linkedFromProfiles).toEqual(linkedFromPortfolios);

    // An acknowledged idempotent command, sent again after the restart, is answered as it was and commits nothing new.
    const idempotent = acknowledged.filter((command) => command.key !== undefined);
    expect(idempotent.length).toBeGreaterThan(0);
    for (const { key, body, request: sent } of idempotent) {
      const again = await post(server.url, '/api/drive-deposits/calculate-portfolio', sent, { 'idempotency-key': key! });
      expect(again.status).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await again.text()).toBe(body);
    }
    let after = 0;
    for await (const page of paginateScan({ client: dynamo }, { TableName: tableNames(prefix).events, ConsistentRead: true, Select: 'COUNT' })) after += page.Count ?? 0;
    expect(after).toBe(items.length);
    dynamo.destroy();
  });
});
