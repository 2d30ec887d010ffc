/** Kinds of existing holdings a client may bring (e.g. a 401(k) being rolled over to an IRA). */
export const planTypes = ['401k', '403b', '457b', 'ira', 'roth_ira', 'brokerage', 'other'] as const;
export type PlanType = (typeof planTypes)[number];

/** True when the value names a known plan type (case-sensitive). */
export const isPlanType = (value: unknown): value is PlanType => (planTypes as ReadonlyArray<unknown>).includes(value);
