/** A wrong command line (unknown flag or platform, missing argument): exit 2. */
export class UsageError extends Error {}

/** Input that cannot be used (unreadable file, malformed YAML): exit 1, like an invalid policy. */
export class InputError extends Error {}

export const EXIT = { ok: 0, invalidInput: 1, usage: 2, internal: 3 } as const;
