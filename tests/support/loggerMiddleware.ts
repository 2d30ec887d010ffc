import { expect } from 'vitest';

/** An SDK client, as far as its middleware stack and lifetime go. */
interface SdkClient {
  readonly middlewareStack: { identify(): string[] };
  destroy(): void;
}

/** Whether a client's middleware stack holds the SDK's logger middleware (each entry reads `<name> - <step>`). */
const hasLoggerMiddleware = (client: SdkClient): boolean =>
  client.middlewareStack.identify().some((entry) => entry.split(' ')[0] === 'loggerMiddleware');

/** Asserts that `ours` runs no logger middleware while a default client of the same kind does; destroys both. */
export const expectNoLoggerMiddleware = (ours: SdkClient, plain: SdkClient): void => {
  try {
    expect(hasLoggerMiddleware(plain)).toBe(true);
    expect(hasLoggerMiddleware(ours)).toBe(false);
  } finally {
    ours.destroy();
    plain.destroy();
  }
};
