/** The current instant as an RFC 3339 UTC string with milliseconds (`2026-01-02T03:04:05.678Z`). */
export type Clock = () => string;
