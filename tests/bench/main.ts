import type { BenchResult } from './benchResult.js';
import { calculationBench } from './calculationBench.js';
import { commandBench } from './commandBench.js';
import { projectionBench } from './projectionBench.js';
import { queryBench } from './queryBench.js';

/** Every registered benchmark; add an entry to run another. */
const benches: ReadonlyArray<() => Promise<BenchResult>> = [calculationBench, commandBench, queryBench, projectionBench];

const report = (result: BenchResult): string => {
  const width = Math.max(...result.figures.map((figure) => figure.label.length));
  const lines = [
    `== ${result.name}`,
    ...result.figures.map((figure) => `  ${figure.label.padEnd(width)}  ${figure.value}`),
    ...(result.ratios ?? []).map((ratio) => `  ${ratio}`),
  ];
  return lines.join('\n');
};

for (const bench of benches) {
  console.log(report(await bench()));
}
