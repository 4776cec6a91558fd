/**
 * `instanceof` holds for an instance from any copy of this module: subcommands are loaded on demand with
 * `require` (src/cli/main.ts), and a test runner that transforms modules itself then loads this one twice.
 */
function branded(brand: symbol) {
  return class extends Error {
    constructor(message?: string) {
      super(message);
      Object.defineProperty(this, brand, { value: true });
    }
    static override [Symbol.hasInstance](value: unknown): boolean {
      return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
    }
  };
}

/** A wrong command line (unknown flag or platform, missing argument): exit 2. */
export class UsageError extends branded(Symbol.for("polyscale.cli.UsageError")) {}

/** Input that cannot be used (unreadable file, malformed YAML): exit 1, like an invalid policy. */
export class InputError extends branded(Symbol.for("polyscale.cli.InputError")) {}

export const EXIT = { ok: 0, invalidInput: 1, usage: 2, internal: 3 } as const;
