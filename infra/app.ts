import { bundleLambdas } from './bundle.js';
import { fiduciaApp } from './fiduciaApp.js';
import { defaultLambdaOutDir } from './lambdaEntries.js';

// The CDK CLI's entry point (cdk.json): `npx cdk deploy` runs this, which bundles the handlers and synthesises into
// the folder the CLI names.
await bundleLambdas({ outDir: defaultLambdaOutDir });
// FIDUCIA_STACK_NAME deploys a second copy (staging, say) next to the first.
const stackName = process.env.FIDUCIA_STACK_NAME;
fiduciaApp({ lambdaAssetsDir: defaultLambdaOutDir, ...(stackName ? { stackName } : {}) }).app.synth();
