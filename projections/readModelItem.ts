/** The primary key of one item of the read-model table. */
export interface ReadModelKey {
  readonly pk: string;
  readonly sk: string;
}

/** A plain attribute value of a read-model item: the adapter maps strings to S, integers to N and null to NULL. */
export type ReadModelValue = string | number | null;

/**
 * One item of the read-model table as pure data. Projections compute these from events; only the DynamoDB adapter
 * knows attribute-value types, so the projection logic stays testable without a database.
 */
export interface ReadModelItem extends ReadModelKey {
  readonly attributes: Readonly<Record<string, ReadModelValue>>;
}
