/**
 * A failure as a line for an operator or a log: its name and message, except for a JSON parse error, whose message
 * quotes the text it choked on (stored event data, client details included).
 */
export const errorReason = (error: unknown): string => {
  if (error instanceof SyntaxError) return 'SyntaxError: the stored event data is not valid JSON';
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
};
