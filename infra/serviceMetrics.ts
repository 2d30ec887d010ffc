// The metric names the Lambda handlers publish, imported rather than restated, so an alarm cannot watch a metric no
// handler writes. Their namespace is the stack's name, given to the handlers as POWERTOOLS_METRICS_NAMESPACE.
export { metricNames } from '../adapters/lambda/observability.js';
