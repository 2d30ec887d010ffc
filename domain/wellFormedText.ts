// String.prototype.isWellFormed is ES2024; Node 20 has it, but its typings sit beyond the ES2023 library we target.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when the text is well-formed Unicode: no lone surrogate, which could not be stored, hashed or echoed. */
export const isWellFormed = (text: string): boolean => !loneSurrogate.test(text);
