/** A stored or client-supplied sort key that is not exactly what the encoder writes (corrupt, foreign or tampered). */
export interface InvalidKey {
  readonly _tag: 'InvalidKey';
  readonly key: string;
  readonly reason: string;
}

/** Builds an `InvalidKey` naming what was wrong with the key. */
export const invalidKey = (key: string, reason: string): InvalidKey => ({ _tag: 'InvalidKey', key, reason });
