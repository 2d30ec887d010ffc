import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, GetItemCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { createDynamoClient } from '../../../adapters/dynamodb/dynamoClient.js';
import { DynamoLocalStartError, startDynamoLocal } from '../../../adapters/dynamodb/dynamoLocal.js';
import { JavaRuntimeError } from '../../../adapters/local/javaRuntime.js';

const scratch = mkdtempSync(join(tmpdir(), 'fiducia-dynamo-local-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** True while the process exists and is not a zombie (a container's init may reap orphans late). */
const isRunning = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    if (existsSync('/proc/self/stat')) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
};

/** The command line a process was started with (`ps`, which Linux and macOS both have). */
const jvmArguments = (pid: number): string[] => execFileSync('ps', ['-ww', '-o', 'args=', '-p', String(pid)]).toString().trim().split(/\s+/);

const eventually = async (condition: () => boolean, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
};

/** A PATH whose `java` reports version 17 and otherwise runs the given shell body instead of DynamoDB Local. */
const fakeJavaEnv = (name: string, body: string): NodeJS.ProcessEnv => {
  const bin = join(scratch, name);
  mkdirSync(bin, { recursive: true });
  const script = join(bin, 'java');
  writeFileSync(script, `#!/bin/sh\nif [ "$1" = "-version" ]; then echo 'openjdk version "17.0.9" 2023-10-17' >&2; exit 0; fi\n${body}\n`);
  chmodSync(script, 0o755);
  return { PATH: `${bin}:${process.env.PATH ?? ''}` };
};

const table = (name: string) =>
  new CreateTableCommand({
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  });

describe('startDynamoLocal', () => {
  it('compiles with C1 alone when asked for a quick start, and serves as usual', async () => {
    const dynamo = await startDynamoLocal({ jit: 'quick-start' });
    const client = createDynamoClient(dynamo.endpoint, { maxAttempts: 1 });
    try {
      expect(jvmArguments(dynamo.pid)).toContain('-XX:TieredStopAtLevel=1');
      await expect(client.send(new ListTablesCommand({}))).resolves.toMatchObject({ TableNames: [] });
    } finally {
      client.destroy();
      await dynamo.stop();
    }
  });

  it('starts an in-memory engine on a free loopback port, and stop() leaves no java process behind', async () => {
    const dynamo = await startDynamoLocal();
    expect(dynamo.endpoint).toBe(`http://127.0.0.1:${dynamo.port}`);
    expect(dynamo.port).toBeGreaterThan(0);
    expect(isRunning(dynamo.pid)).toBe(true);
    // By default the JVM's own tiered JIT, which an engine that runs a while needs (see jitFlags).
    expect(jvmArguments(dynamo.pid)).not.toContain('-XX:TieredStopAtLevel=1');
    // In a process group of its own: a terminal's Ctrl-C reaches Node, which stops the engine after the HTTP server.
    const groupOf = (pid: number) => execFileSync('ps', ['-o', 'pgid=', '-p', String(pid)]).toString().trim();
    expect(groupOf(dynamo.pid)).toBe(String(dynamo.pid));
    expect(groupOf(dynamo.pid)).not.toBe(groupOf(process.pid));
    const client = createDynamoClient(dynamo.endpoint, { maxAttempts: 1 });
    try {
      await client.send(table('things'));
      await client.send(new PutItemCommand({ TableName: 'things', Item: { id: { S: 'a' }, n: { N: '1' } } }));
      const got = await client.send(new GetItemCommand({ TableName: 'things', Key: { id: { S: 'a' } }, ConsistentRead: true }));
      expect(got.Item).toEqual({ id: { S: 'a' }, n: { N: '1' } });
    } finally {
      await dynamo.stop();
    }
    expect(isRunning(dynamo.pid)).toBe(false);
    await expect(client.send(new ListTablesCommand({}))).rejects.toThrow();
    client.destroy();
    // A second stop is harmless.
    await expect(dynamo.stop()).resolves.toBeUndefined();
  });

  it('listens on loopback only: the database holds client details, and the jar alone would listen on every interface', async () => {
    const dynamo = await startDynamoLocal();
    try {
      // The kernel's own table of listening sockets: the local address of each on the engine's port.
      const port = dynamo.port.toString(16).toUpperCase().padStart(4, '0');
      const listening = ['/proc/net/tcp', '/proc/net/tcp6']
        .filter((file) => existsSync(file))
        .flatMap((file) => readFileSync(file, 'utf8').trim().split('\n').slice(1))
        .map((line) => line.trim().split(/\s+/))
        .filter((fields) => fields[3] === '0A' && fields[1]!.endsWith(`:${port}`))
        .map((fields) => fields[1]!.split(':')[0]!);
      expect(listening.length).toBeGreaterThan(0);
      // 127.0.0.1 as /proc writes it, on IPv4 or mapped into IPv6; never 0.0.0.0 or ::.
      for (const address of listening) expect(['0100007F', '0000000000000000FFFF00000100007F']).toContain(address);
    } finally {
      await dynamo.stop();
    }
  });

  it('keeps data on disk across a stop and a start in the same folder', async () => {
    const dataDir = join(scratch, 'disk');
    const first = await startDynamoLocal({ dataDir });
    const firstClient = createDynamoClient(first.endpoint, { maxAttempts: 1 });
    try {
      await firstClient.send(table('kept'));
      await firstClient.send(new PutItemCommand({ TableName: 'kept', Item: { id: { S: 'x' }, v: { S: 'persisted' } } }));
    } finally {
      firstClient.destroy();
      await first.stop();
    }
    expect(isRunning(first.pid)).toBe(false);
    expect(readdirSync(dataDir)).toContain('shared-local-instance.db');

    const second = await startDynamoLocal({ dataDir });
    const secondClient = createDynamoClient(second.endpoint, { maxAttempts: 1 });
    try {
      const got = await secondClient.send(new GetItemCommand({ TableName: 'kept', Key: { id: { S: 'x' } }, ConsistentRead: true }));
      expect(got.Item?.v).toEqual({ S: 'persisted' });
    } finally {
      secondClient.destroy();
      await second.stop();
    }
  });

  it('fails clearly when the requested port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const started = startDynamoLocal({ port });
      await expect(started).rejects.toThrow(DynamoLocalStartError);
      await expect(started).rejects.toThrow(new RegExp(`exited with code 1 before it answered on port ${port}[\\s\\S]*Address already in use`));
    } finally {
      blocker.close();
    }
  });

  it('reports an engine that exits early with its exit code and last output, without stack frames', async () => {
    const env = fakeJavaEnv('crashing', 'echo "Exception in thread main: disk on fire" >&2\nprintf "\\tat com.example.Boom(Boom.java:1)\\n" >&2\nexit 3');
    const started = startDynamoLocal({ env });
    await expect(started).rejects.toThrow(/exited with code 3 before it answered[\s\S]*disk on fire/);
    await expect(started).rejects.not.toThrow(/Boom\.java/);
  });

  it('gives up and kills the engine when it never answers', async () => {
    const pidFile = join(scratch, 'silent.pid');
    const env = fakeJavaEnv('silent', `echo $$ > "${pidFile}"\nexec sleep 60`);
    const started = startDynamoLocal({ env, startTimeoutMs: 1_500 });
    await expect(started).rejects.toThrow(/did not answer on port \d+ within 1500 ms/);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(isRunning(pid)).toBe(false);
  });

  it('explains how to install Java when there is none', async () => {
    await expect(startDynamoLocal({ env: { PATH: scratch } })).rejects.toThrow(JavaRuntimeError);
  });

  it('takes the JVM down when its Node parent is killed with SIGKILL', async () => {
    const moduleUrl = new URL('../../../adapters/dynamodb/dynamoLocal.ts', import.meta.url).href;
    const parent = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { startDynamoLocal } = await import(${JSON.stringify(moduleUrl)});
         const dynamo = await startDynamoLocal();
         console.log(JSON.stringify({ pid: dynamo.pid }));
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const javaPid = await new Promise<number>((resolve, reject) => {
      let text = '';
      parent.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const line = /\{"pid":(\d+)\}/.exec(text);
        if (line !== null) resolve(Number(line[1]));
      });
      parent.once('exit', (code) => reject(new Error(`parent exited early with ${code}`)));
    });
    expect(isRunning(javaPid)).toBe(true);
    parent.kill('SIGKILL');
    expect(await eventually(() => !isRunning(javaPid), 15_000)).toBe(true);
  });
});
