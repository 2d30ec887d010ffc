import type { BenchResult } from './benchResult.js';
import { calculationBench } from './calculationBench.js';
import { commandBench } from './commandBench.js';
import { projectionBench } from './projectionBench.js';
import { queryBench } from './queryBench.js';

/** Every registered benchmark by name; add an entry to run another. */
const benches: Readonly<Record<string, () => Promise<BenchResult>>> = {
  calculation: calculationBench,
  command: commandBench,
  query: queryBench,
  projection: projectionBench,
};

// The lockfile pins SDK releases that support Node 20; the SDK's notice about its future releases is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// `npm run bench -- query projection` runs only the named benchmarks.
const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !(name in benches));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}

const report = (result: BenchResult): string => {
  const width = Math.max(...result.figures.map((figure) => figure.label.length));
  const lines = [
    `== ${result.name}`,
    ...result.figures.map((figure) => `  ${figure.label.padEnd(width)}  ${figure.value}`),
    ...(result.ratios ?? []).map((ratio) => `  ${ratio}`),
  ];
  return lines.join('\n');
};

for (const [name, bench] of Object.entries(benches)) {
  if (chosen.length === 0 || chosen.includes(name)) console.log(report(await bench()));
}
