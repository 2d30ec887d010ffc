import { join } from 'node:path';
import { bundleLambdas } from './bundle.js';
import { fiduciaApp } from './fiduciaApp.js';
import { defaultLambdaOutDir, repoRoot } from './lambdaEntries.js';

// `npm run synth`: bundle the handlers, then write the CloudFormation template to cdk.out/ offline (no CDK CLI, no
// Docker, no AWS account). Synthesis itself fails on any unacknowledged cdk-nag finding.
const started = performance.now();
const bundles = await bundleLambdas({ outDir: defaultLambdaOutDir });
const bundled = performance.now();
for (const bundle of bundles) console.log(`bundle ${bundle.name}: ${(bundle.bytes / 1024).toFixed(0)} KiB`);

const { app, stack } = fiduciaApp({ outdir: join(repoRoot, 'cdk.out'), lambdaAssetsDir: defaultLambdaOutDir });
try {
  const assembly = app.synth();
  const done = performance.now();
  console.log(`template: ${join(assembly.directory, assembly.getStackArtifact(stack.artifactId).templateFile)}`);
  console.log(`bundled in ${((bundled - started) / 1000).toFixed(1)} s, synthesised in ${((done - bundled) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
