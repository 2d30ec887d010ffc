import type { Either } from 'fp-ts/lib/Either.js';

/** Why a command was refused by an aggregate; the HTTP layer maps `kind` to a status. */
export interface Rejection {
  readonly kind: 'not-found' | 'forbidden' | 'already-exists' | 'invalid-transition' | 'invalid-command';
  readonly message: string;
  /** The request field the refusal is about, when there is one (reported like a validation problem). */
  readonly path?: string;
  /** The value received at `path`, echoed in the problem as a validation problem's is. */
  readonly value?: unknown;
}

/**
 * An aggregate as two plain functions (Emmett-style): `decide` turns a command and the current state into new events
 * (or a rejection) and `evolve` folds one event into the state. Both are pure; ids and clock values come in commands.
 */
export interface Decider<Command, Event, State> {
  readonly initialState: State;
  readonly decide: (command: Command, state: State) => Either<Rejection, ReadonlyArray<Event>>;
  readonly evolve: (state: State, event: Event) => State;
}

/** Folds events into state, from the decider's initial state. */
export const fold = <C, E, S>(decider: Decider<C, E, S>, events: Iterable<E>, from: S = decider.initialState): S => {
  let state = from;
  for (const event of events) state = decider.evolve(state, event);
  return state;
};
