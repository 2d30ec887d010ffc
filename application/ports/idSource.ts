/** A fresh unique id (a UUID in production); injected so use cases stay deterministic in tests. */
export type IdSource = () => string;
