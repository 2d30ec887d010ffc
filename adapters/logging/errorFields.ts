/**
 * What may be logged of an unexpected error: its class and where it was thrown. Not its message, which may quote
 * request data (a JSON parser quotes the text it choked on, a profile field may end up in a validation message).
 */
export const errorFields = (error: unknown): { readonly error_name: string; readonly error_stack?: string } => {
  if (!(error instanceof Error)) return { error_name: typeof error };
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return { error_name: error.name, ...(frames.length === 0 ? {} : { error_stack: frames.map((line) => line.trim()).join(' | ') }) };
};
