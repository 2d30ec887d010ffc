// A stand-in for Lambda's Node.js runtime, run as a child process: it imports one bundle (timing the import, which is
// the function's cold start), then invokes its handler once per IPC message, one at a time, and answers with the
// handler's result and everything the invocation wrote to stdout and stderr (Powertools' log lines and EMF metrics).
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const started = performance.now();
const { handler } = await import(pathToFileURL(process.argv[2]).href);
const importMs = performance.now() - started;
if (typeof handler !== 'function') throw new Error(`${process.argv[2]} exports no handler`);
process.send({ kind: 'ready', importMs });

process.on('message', async ({ id, event, context }) => {
  const chunks = [];
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  const capture = (chunk, encoding, callback) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    if (typeof encoding === 'function') encoding();
    else if (typeof callback === 'function') callback();
    return true;
  };
  process.stdout.write = capture;
  process.stderr.write = capture;
  const deadline = Date.now() + 25_000;
  let answer;
  try {
    const result = await handler(event, { ...context, getRemainingTimeInMillis: () => deadline - Date.now() });
    answer = { kind: 'result', id, result };
  } catch (error) {
    answer = { kind: 'error', id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
  }
  process.send({ ...answer, output: chunks.join('') });
});
