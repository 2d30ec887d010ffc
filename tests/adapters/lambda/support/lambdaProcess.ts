import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseOutput, type CapturedOutput } from './capturedOutput.js';

const runtime = fileURLToPath(new URL('./lambdaRuntime.mjs', import.meta.url));

/** One bundle running in its own Node process, as a Lambda execution environment runs it. */
export interface LambdaProcess {
  /** The bundle's import in the fresh process: module load and top-level initialisation, i.e. the cold start. */
  readonly importMs: number;
  /** From spawning the process until the handler is ready (process start included). */
  readonly readyMs: number;
  /** Invokes the handler with a JSON event (one invocation at a time, as Lambda does). */
  readonly invoke: <R>(event: unknown, context: object) => Promise<{ readonly result: R; readonly output: CapturedOutput }>;
  readonly stop: () => Promise<void>;
}

/** The bundle could not start; `output` is what the process wrote (a cold-start failure's message is there). */
export class LambdaStartError extends Error {
  constructor(
    readonly exitCode: number | null,
    readonly output: string,
  ) {
    super(`the function process exited (${exitCode}) before it was ready:\n${output}`);
    this.name = 'LambdaStartError';
  }
}

type Message =
  | { readonly kind: 'ready'; readonly importMs: number }
  | { readonly kind: 'result'; readonly id: number; readonly result: unknown; readonly output: string }
  | { readonly kind: 'error'; readonly id: number; readonly error: string; readonly output: string };

/**
 * Starts `node lambdaRuntime.mjs <bundle>` with exactly `env` (nothing of the test process's environment leaks in,
 * nor vitest's loader flags) and waits until the bundle is imported.
 */
export const startLambdaProcess = (bundleFile: string, env: Readonly<Record<string, string>>): Promise<LambdaProcess> =>
  new Promise((resolve, reject) => {
    const spawned = performance.now();
    const child: ChildProcess = fork(runtime, [bundleFile], { env: { ...env }, execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let startupOutput = '';
    child.stdout?.on('data', (chunk: Buffer) => (startupOutput += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (startupOutput += chunk.toString('utf8')));
    let ready = false;
    let nextId = 0;
    const pending = new Map<number, { resolve: (message: Message) => void; reject: (error: Error) => void }>();

    child.on('exit', (code) => {
      const error = new LambdaStartError(code, startupOutput);
      if (!ready) reject(error);
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    });
    child.on('message', (message: Message) => {
      if (message.kind === 'ready') {
        ready = true;
        resolve({
          importMs: message.importMs,
          readyMs: performance.now() - spawned,
          invoke: async <R>(event: unknown, context: object) => {
            const id = ++nextId;
            const answer = await new Promise<Message>((settle, fail) => {
              pending.set(id, { resolve: settle, reject: fail });
              child.send({ id, event, context });
            });
            if (answer.kind === 'error') throw new Error(`the handler failed: ${answer.error}\n${answer.output}`);
            if (answer.kind !== 'result') throw new Error('unexpected answer from the function process');
            return { result: answer.result as R, output: parseOutput(answer.output) };
          },
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill();
            }),
        });
        return;
      }
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      waiter?.resolve(message);
    });
  });
