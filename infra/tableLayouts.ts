// The layouts the CDK app deploys are the adapters' own table definitions, imported rather than restated, so the
// deployed tables and the local ones (DynamoDB Local, `ensureTables`) cannot drift apart.
export {
  tableDefinitions as tableLayouts,
  type KeyAttribute,
  type TableDefinition as TableLayout,
  type TableRole,
} from '../adapters/dynamodb/tables.js';
