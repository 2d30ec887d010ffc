import type { StreamHead } from '../dynamodb/streamHeads.js';
import type { StreamVerdict } from './lineageVerification.js';

/**
 * Where a lineage and the event store disagree about a stream, which no chain can show on its own: a rewritten or
 * truncated history (`differs`), or events the feed does not have yet (`behind`, `missing`).
 */
export type HeadFinding =
  /** The feed's newest event of the stream is not in the store as the feed has it (`storeHash` null: not there at all). */
  | { readonly kind: 'differs'; readonly streamId: string; readonly version: number; readonly feedHash: string; readonly storeHash: string | null }
  /** The store holds newer events of the stream than the feed. */
  | { readonly kind: 'behind'; readonly streamId: string; readonly feedVersion: number; readonly storeVersion: number }
  /** The store holds a stream the feed has nothing of. */
  | { readonly kind: 'missing'; readonly streamId: string; readonly storeVersion: number };

/**
 * Compares the head of every stream that verified in a lineage with the event store: the feed's newest event must be
 * stored with the same hash (its chain then vouches for every earlier one), and the store should hold nothing newer.
 * Streams that failed their own check are left out: their verdict already says what is wrong.
 */
export const compareHeads = async (
  verdicts: ReadonlyArray<StreamVerdict>,
  store: { readonly heads: ReadonlyMap<string, StreamHead>; readonly hashAt: (streamId: string, version: number) => Promise<string | undefined> },
): Promise<HeadFinding[]> => {
  const findings: HeadFinding[] = [];
  const inFeed = new Set(verdicts.map((verdict) => verdict.streamId));
  for (const verdict of verdicts) {
    if (!verdict.ok) continue;
    const head = store.heads.get(verdict.streamId);
    const storeHash = head?.version === verdict.lastVersion ? head.hash : ((await store.hashAt(verdict.streamId, verdict.lastVersion)) ?? null);
    if (storeHash !== verdict.headHash) {
      findings.push({ kind: 'differs', streamId: verdict.streamId, version: verdict.lastVersion, feedHash: verdict.headHash, storeHash });
    } else if (head !== undefined && head.version > verdict.lastVersion) {
      findings.push({ kind: 'behind', streamId: verdict.streamId, feedVersion: verdict.lastVersion, storeVersion: head.version });
    }
  }
  for (const [streamId, head] of store.heads) {
    if (!inFeed.has(streamId)) findings.push({ kind: 'missing', streamId, storeVersion: head.version });
  }
  return findings.sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
};
