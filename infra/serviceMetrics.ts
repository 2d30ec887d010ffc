// The metric names and namespace the Lambda handlers publish, imported rather than restated, so an alarm cannot watch a
// metric no handler writes.
export { metricNames } from '../adapters/lambda/observability.js';
export { defaultMetricsNamespace } from '../adapters/lambda/lambdaEnvironment.js';
