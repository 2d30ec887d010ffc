import { vi } from 'vitest';

/** What the code under test wrote: Powertools logs errors and warnings to stderr, everything else to stdout. */
export interface CapturedOutput {
  readonly text: string;
  /** Every line that is JSON, parsed. */
  readonly json: ReadonlyArray<any>;
  /** Log lines (not metrics) with this message. */
  readonly logs: (message: string) => ReadonlyArray<any>;
  /** EMF blocks that carry the metric. */
  readonly metrics: (name: string) => ReadonlyArray<any>;
}

/** Runs `work` with stdout and stderr captured (and kept off the test output); resolves to its result and what it wrote. */
export const captureOutput = async <A>(work: () => Promise<A>): Promise<{ result: A; output: CapturedOutput }> => {
  const chunks: string[] = [];
  const capture = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as never;
  const spies = [vi.spyOn(process.stdout, 'write').mockImplementation(capture), vi.spyOn(process.stderr, 'write').mockImplementation(capture)];
  let result: A;
  try {
    result = await work();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return { result, output: parseOutput(chunks.join('')) };
};

/** Reads captured output: one JSON document per line (other lines are kept in `text` only). */
export const parseOutput = (text: string): CapturedOutput => {
  const json = text
    .split('\n')
    .filter((line) => line.trim().startsWith('{'))
    .map((line) => JSON.parse(line));
  return {
    text,
    json,
    logs: (message) => json.filter((line) => line._aws === undefined && line.message === message),
    metrics: (name) => json.filter((line) => line._aws?.CloudWatchMetrics?.some((set: any) => set.Metrics.some((metric: any) => metric.Name === name))),
  };
};
