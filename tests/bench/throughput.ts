/**
 * How long a benchmark first loads the engine alone with its raw operation: DynamoDB Local runs on the JVM's tiered
 * JIT, whose C2 compiler takes some 20 s of load on two busy cores before the engine's hot paths cost their steady
 * CPU (about 40% less than after C1 alone; see `jitFlags` in adapters/dynamodb/dynamoLocal.ts).
 */
export const engineWarmUpMs = 20_000;

/**
 * How long a benchmark runs its operation before measuring it: the service's V8 takes some 3,000 requests (4 to 5 s on
 * two cores) to reach its steady pace, at first costing 2 to 4 times the CPU per request. A shorter warm-up measures
 * compilation, and whichever figure is measured first pays for it.
 */
export const warmUpMs = 8_000;

/** How many operations completed per second with `concurrency` in flight for about `durationMs`. */
export const throughput = async (concurrency: number, durationMs: number, operation: (n: number) => Promise<unknown>): Promise<number> => {
  let done = 0;
  let next = 0;
  const start = performance.now();
  const deadline = start + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await operation(next++);
        done++;
      }
    }),
  );
  return (done * 1000) / (performance.now() - start);
};

/**
 * The rate of each operation, measured in `rounds` short slices per operation that take turns (in reverse order every
 * other round): the machine is shared, and a burst of background load measured one figure after the other would land
 * on one of them only. `observe` is called as a slice starts, and what it returns with the slice's operation count as
 * it ends (to read CPU counters around it, say).
 */
export const alternatingRates = async <Kind extends string>(
  operations: Readonly<Record<Kind, () => Promise<unknown>>>,
  concurrency: number,
  durationMs: number,
  rounds: number,
  observe: (kind: Kind) => (done: number) => void = () => () => undefined,
): Promise<Record<Kind, number>> => {
  const kinds = Object.keys(operations) as Kind[];
  const totals = new Map<Kind, { done: number; ms: number }>(kinds.map((kind) => [kind, { done: 0, ms: 0 }]));
  for (let round = 0; round < rounds; round++) {
    for (const kind of round % 2 === 0 ? kinds : [...kinds].reverse()) {
      const ended = observe(kind);
      const started = performance.now();
      const rate = await throughput(concurrency, durationMs / rounds, operations[kind]);
      const ms = performance.now() - started;
      const done = (rate * ms) / 1000;
      ended(done);
      const total = totals.get(kind)!;
      total.done += done;
      total.ms += ms;
    }
  }
  return Object.fromEntries(kinds.map((kind) => [kind, (totals.get(kind)!.done * 1000) / totals.get(kind)!.ms])) as Record<Kind, number>;
};

/** A whole number with thousands separators. */
export const formatRate = (value: number): string => Math.round(value).toLocaleString('en-US');
