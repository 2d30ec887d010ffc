import type { Decider } from '../domain/decider.js';
import type { NewEvent, RecordedEvent, StreamId } from './ports/eventStore.js';

/** What the application needs to know about one kind of aggregate to load, decide and store it. */
export interface AggregateType<Command, Event, State> {
  /** Stream ids are `<prefix>-<aggregate id>`. */
  readonly streamPrefix: string;
  readonly decider: Decider<Command, Event, State>;
  /** Upcasts and decodes a stored event; throws if it cannot (a corrupt or unknown event is never skipped). */
  readonly decode: (event: RecordedEvent) => Event;
  /** The storable form of a new event, without id (the use case assigns it). */
  readonly encode: (event: Event) => Omit<NewEvent, 'eventId'>;
  /** Roughly how much memory a state takes, in units of a small aggregate's (1 when absent): caches are bounded by it. */
  readonly weight?: (state: State) => number;
}

/** The weight of an aggregate's state, as its type estimates it. */
export const weightOf = <C, E, S>(type: AggregateType<C, E, S>, state: S): number => type.weight?.(state) ?? 1;

/** The stream id of one aggregate. */
export const streamIdOf = (type: { readonly streamPrefix: string }, id: string): StreamId =>
  `${type.streamPrefix}-${id}` as StreamId;
