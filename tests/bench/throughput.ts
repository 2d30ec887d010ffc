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

/** A whole number with thousands separators. */
export const formatRate = (value: number): string => Math.round(value).toLocaleString('en-US');
