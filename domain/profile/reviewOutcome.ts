/** What a compliance review concluded. Reviews are evidence: none of them changes the profile's status. */
export const reviewOutcomes = ['approved', 'rejected', 'needs_changes'] as const;
export type ReviewOutcome = (typeof reviewOutcomes)[number];

/** True when the value names a known review outcome (case-sensitive). */
export const isReviewOutcome = (value: unknown): value is ReviewOutcome =>
  (reviewOutcomes as ReadonlyArray<unknown>).includes(value);
