/** A query parameter the client got wrong; `parameter` names it for the problem document (HTTP 400). */
export interface InvalidParameter {
  readonly _tag: 'InvalidParameter';
  readonly parameter: string;
  readonly message: string;
}

/** Builds an `InvalidParameter`. */
export const invalidParameter = (parameter: string, message: string): InvalidParameter => ({
  _tag: 'InvalidParameter',
  parameter,
  message,
});
