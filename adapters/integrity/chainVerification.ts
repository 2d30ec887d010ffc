import type { StreamVerification } from '../../domain/audit/streamVerification.js';
import { eventHash, genesisHash, type HashedEvent } from './eventHash.js';

/**
 * The per-stream hash-chain check, shared by the event store's audit (`fiducia audit verify`, the verification
 * route) and the consumers of the Kinesis lineage feed: one definition of what an intact chain is.
 */

/** What the chain itself can show is wrong at a version. */
export type ChainProblem = 'hash-mismatch' | 'chain-break' | 'gap';

/** One event of a stream as the chain sees it. */
export interface ChainLink {
  readonly version: number;
  readonly previousHash: string;
  /** The hash recorded with the event. */
  readonly hash: string;
  /** The hash the event's content deserves, recomputed with `eventHash`. */
  readonly recomputedHash: string;
}

/** A problem at one version, with a human explanation. */
export interface ChainIssue<Problem extends string = ChainProblem> {
  readonly version: number;
  readonly problem: Problem;
  readonly detail: string;
}

const missing = (from: number, to: number): string => (from === to ? `version ${from} is missing` : `versions ${from}..${to} are missing`);

/**
 * Every problem of one stream's links, given in their stored (ascending version) order: an event whose content does
 * not hash to its recorded hash (`hash-mismatch`), one whose `previousHash` is not the hash of the event before it, or
 * for version 1 not the genesis hash (`chain-break`), and versions that are missing (`gap`). With `expectGenesis`
 * the stream must start at version 1; without it (a window of a feed) the first link is taken as it comes.
 */
export const chainIssues = (links: ReadonlyArray<ChainLink>, options: { readonly expectGenesis?: boolean } = {}): ChainIssue[] => {
  const expectGenesis = options.expectGenesis ?? true;
  const issues: ChainIssue[] = [];
  links.forEach((link, index) => {
    const { version } = link;
    const before = index === 0 ? undefined : links[index - 1]!;
    const expectedVersion = before === undefined ? (expectGenesis ? 1 : version) : before.version + 1;
    if (version !== expectedVersion) {
      if (Number.isInteger(version) && version > expectedVersion) {
        const detail = before === undefined ? `the stream starts at version ${version}` : missing(expectedVersion, version - 1);
        issues.push({ version: expectedVersion, problem: 'gap', detail });
      } else {
        // Only a key written outside the store (e.g. version 5.5) can sit between two versions.
        issues.push({ version, problem: 'chain-break', detail: `version ${version} is not a stream version after version ${before?.version ?? 0}` });
      }
    }
    if (link.recomputedHash !== link.hash) {
      issues.push({ version, problem: 'hash-mismatch', detail: `version ${version} does not hash to its recorded hash` });
    }
    // The first link of a window has nothing before it to chain to, unless it is the genesis.
    const expectedPrevious = before?.hash ?? (version === 1 ? genesisHash : undefined);
    if (expectedPrevious !== undefined && link.previousHash !== expectedPrevious) {
      const to = before === undefined ? 'the genesis hash' : `version ${before.version}`;
      issues.push({ version, problem: 'chain-break', detail: `version ${version} does not chain to ${to}` });
    }
  });
  return issues;
};

/** The lowest-version issue; at one version, the one earliest in `precedence` (the most telling explains the rest). */
export const firstIssue = <Problem extends string>(
  issues: ReadonlyArray<ChainIssue<Problem>>,
  precedence: ReadonlyArray<Problem>,
): ChainIssue<Problem> | undefined =>
  [...issues].sort((a, b) => a.version - b.version || precedence.indexOf(a.problem) - precedence.indexOf(b.problem))[0];

/** One stored event for the audit: its link, and its content when that does not hash (to look for where it belongs). */
export interface StoredLink extends ChainLink {
  /** Present only for an event whose content is readable but does not hash to its recorded hash at this version. */
  readonly content?: HashedEvent;
  /** Why the stored item could not be read back as an event (damaged attributes, payload or parts). */
  readonly unreadable?: string;
}

/** Reduces a stored event (or the reason it cannot be read) at its key version to what the audit needs. */
export const storedLinkOf = (
  version: number,
  stored: { readonly event: HashedEvent & { readonly hash: string } } | { readonly unreadable: string; readonly hash: string; readonly previousHash: string },
): StoredLink => {
  if ('unreadable' in stored) {
    // Unreadable content deserves no hash: a value that can never equal the recorded one.
    return { version, hash: stored.hash, previousHash: stored.previousHash, recomputedHash: `unreadable:${stored.hash}`, unreadable: stored.unreadable };
  }
  const { hash, ...content } = stored.event;
  const recomputedHash = eventHash({ ...content, version });
  return { version, hash, previousHash: content.previousHash, recomputedHash, ...(recomputedHash === hash ? {} : { content: { ...content, version } }) };
};

const storePrecedence: ReadonlyArray<ChainProblem> = ['hash-mismatch', 'chain-break', 'gap'];

/**
 * The version at which an intact event was recorded, when it now sits at another: its content hashes to its recorded
 * hash only under that version. Tries every version the stream could hold.
 */
const recordedVersionOf = (link: StoredLink, highestVersion: number): number | undefined => {
  if (link.content === undefined) return undefined;
  for (let candidate = 1; candidate <= highestVersion + 1; candidate++) {
    if (candidate !== link.version && eventHash({ ...link.content, version: candidate }) === link.hash) return candidate;
  }
  return undefined;
};

/**
 * Verifies one stored stream, its links in stored key order: names the first bad version and why. A swapped or moved
 * event is intact but sits at a version it was not recorded at; it is named as a `reorder` rather than an alteration.
 * Deleting the newest events leaves an intact shorter chain: compare `headHash` with a head hash kept elsewhere.
 */
export const verifyStoredChain = (streamId: string, links: ReadonlyArray<StoredLink>): StreamVerification => {
  const issue = firstIssue(chainIssues(links), storePrecedence);
  if (issue === undefined) {
    const last = links.at(-1);
    return { streamId, ok: true, events: links.length, lastVersion: last?.version ?? 0, headHash: last?.hash ?? genesisHash };
  }
  const verdict = { streamId, ok: false as const, events: links.length, ...issue };
  if (issue.problem !== 'hash-mismatch') return verdict;
  const link = links.find((candidate) => candidate.version === issue.version)!;
  if (link.unreadable !== undefined) {
    return { ...verdict, detail: `version ${issue.version} cannot be read back (${link.unreadable}), so it does not hash to its recorded hash` };
  }
  // A loop, not Math.max(...): an audit trail can hold more events than a call can take arguments.
  const highestVersion = links.reduce((highest, l) => (Number.isInteger(l.version) && l.version > highest ? l.version : highest), 0);
  const recordedAt = recordedVersionOf(link, highestVersion);
  return recordedAt === undefined
    ? verdict
    : { ...verdict, problem: 'reorder', detail: `version ${issue.version} holds the intact event recorded as version ${recordedAt}: events were swapped or moved` };
};
