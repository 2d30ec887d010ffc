/** Why a stored stream fails its hash chain, at its first bad version. */
export type TamperProblem =
  /** The event's stored content does not hash to its recorded hash (or cannot be read back at all): it was altered. */
  | 'hash-mismatch'
  /** The event does not chain to the event stored before it (or version 1 to the genesis hash): one was inserted. */
  | 'chain-break'
  /** A version is missing: an event was deleted. */
  | 'gap'
  /** The event stored at this version is intact but was recorded at another version: events were swapped or moved. */
  | 'reorder';

/** The verdict on one stream's stored history. */
export type StreamVerification =
  | {
      readonly streamId: string;
      readonly ok: true;
      readonly events: number;
      readonly lastVersion: number;
      /** A truncated tail cannot show in a chain: compare this with an independently kept head hash. */
      readonly headHash: string;
    }
  | {
      readonly streamId: string;
      readonly ok: false;
      readonly events: number;
      /** The lowest version with a problem. */
      readonly version: number;
      readonly problem: TamperProblem;
      readonly detail: string;
    };
