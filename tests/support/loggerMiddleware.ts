/** An SDK client, as far as its middleware stack goes. */
interface WithMiddleware {
  readonly middlewareStack: { identify(): string[] };
}

/** Whether a client's middleware stack holds the SDK's logger middleware (each entry reads `<name> - <step>`). */
export const hasLoggerMiddleware = (client: WithMiddleware): boolean =>
  client.middlewareStack.identify().some((entry) => entry.split(' ')[0] === 'loggerMiddleware');
