/** A pause that another part of the poller can cut short: new records, freed buffer space, or stop(). */
export interface WakeUp {
  /** Resolves on the next `signal()`, or after `ms` when given. */
  wait(ms?: number): Promise<void>;
  /** Ends every pending wait. */
  signal(): void;
}

/** A fresh wake-up channel. A signal sent while nobody waits is dropped: check the condition before waiting. */
export const createWakeUp = (): WakeUp => {
  let waiters = new Set<() => void>();
  return {
    wait: (ms) =>
      new Promise<void>((resolve) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const done = (): void => {
          if (timer !== undefined) clearTimeout(timer);
          waiters.delete(done);
          resolve();
        };
        if (ms !== undefined) timer = setTimeout(done, ms);
        waiters.add(done);
      }),
    signal: () => {
      const current = waiters;
      waiters = new Set();
      for (const done of current) done();
    },
  };
};
