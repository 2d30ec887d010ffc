import { JavaRuntimeError } from './javaRuntime.js';
import { startLocalRuntime } from './localRuntime.js';
import { runtimeConfig } from './runtimeConfig.js';

// `npm start`: the whole service on this machine, until Ctrl-C (SIGINT) or SIGTERM.

// The lockfile pins SDK releases that support Node 20; the SDK's notice about its future releases is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const config = runtimeConfig();
let runtime;
try {
  runtime = await startLocalRuntime({
    ...config,
    ...(process.env.FIDUCIA_DYNAMODB_ENDPOINT ? { dynamoEndpoint: process.env.FIDUCIA_DYNAMODB_ENDPOINT } : {}),
  });
} catch (error) {
  console.error(error instanceof JavaRuntimeError ? error.message : `fiducia: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

console.log(`Fiducia is running.

  API        ${runtime.url}   (health: ${runtime.url}/health)
  DynamoDB   ${runtime.dynamoEndpoint}   (data in ${config.dataDir})
${
  runtime.kinesisEndpoint === undefined
    ? '  Pipelines  off (FIDUCIA_PIPELINES=off): no projections, no lineage feed\n'
    : `  Kinesis    ${runtime.kinesisEndpoint}   (lineage feed: stream fiducia-lineage)
  Events     ${runtime.integrationEventsFile}   (integration events: EventBridge has no local engine)\n`
}
Authenticate with a bearer token. For local use, mint one signed with this data folder's secret:
  ${config.dataDir === runtimeConfig({}).dataDir ? '' : `FIDUCIA_DATA_DIR=${config.dataDir} `}npx fiducia token --role advisor --sub advisor-1
then for example:
  curl -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
       -d @../shared/examples/requests/portfolio_request_valid.json ${runtime.url}/api/drive-deposits/calculate-portfolio
${runtime.authKind === 'rs256' ? '\n(Tokens are verified against FIDUCIA_JWKS_URL.)\n' : ''}
Operator commands (npx fiducia projections …, npx fiducia audit …) find this running service by itself.
Stop with Ctrl-C.`);

let stopping = false;
let firstSignalAt = 0;
// A terminal's Ctrl-C reaches this process more than once: directly, and relayed by npm and by tsx's wrapper.
const sameCtrlCMs = 1_000;
const shutdown = (signal: string) => {
  if (stopping) {
    if (Date.now() - firstSignalAt < sameCtrlCMs) return;
    // A second signal: the user wants out now. The engines' exit hooks still take DynamoDB Local down with us.
    console.log(`\n${signal} again: exiting at once.`);
    process.exit(130);
  }
  stopping = true;
  firstSignalAt = Date.now();
  console.log(`\n${signal}: stopping…`);
  runtime
    .stop()
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      console.error(`fiducia: unclean stop: ${String(error)}`);
      process.exit(1);
    });
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
// Without its engine every command would fail while /health said otherwise: stop, and say so in the exit code.
void runtime.failed.then((reason) => {
  console.error(`fiducia: ${reason}; stopping.`);
  stopping = true;
  runtime.stop().finally(() => process.exit(1));
});
