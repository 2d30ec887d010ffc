import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from '../../adapters/dynamodb/dynamoLocal.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Endpoint of the one in-memory DynamoDB Local shared by the whole run (see tests/support/dynamo.ts). */
    dynamoEndpoint: string;
  }
}

/** Starts one in-memory DynamoDB Local for the whole test run and stops it when the run ends. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // A test run's engine is short-lived and does many different things a few times each: C1 answers them sooner.
  const dynamo = await startDynamoLocal({ jit: 'quick-start' });
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
