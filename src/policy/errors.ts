import { QUOTE_LIMIT, quoteString } from "./messages";

export type PathSegment = string | number;

/** One problem with a policy: a stable code, the field path, and a message saying what was given and what is allowed. */
export interface PolicyIssue {
  code: string;
  path: PathSegment[];
  message: string;
}

/**
 * `scaling.metrics[0].cpu.utilization`. A user-given key (a label, a dimension) that is long or holds
 * invisible characters is shown quoted, escaped and cut: `monitoring.labels["\u001b[31m…"]`.
 */
export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (seg.length > QUOTE_LIMIT || /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(seg)) out += `[${quoteString(seg, false)}]`;
    else out += out === "" ? seg : `.${seg}`;
  }
  return out === "" ? "(policy)" : out;
}

let collecting = 0;

/**
 * Run `f`, where every PolicyError is created without a stack trace: for callers that turn refusals into
 * their issues (tryCompile, lintPolicy), never for errors that reach a user. Other errors keep theirs.
 */
export function collectingIssues<T>(f: () => T): T {
  collecting++;
  try {
    return f();
  } finally {
    collecting--;
  }
}

/**
 * Thrown for invalid policies and for policies a platform cannot express. Every issue is collected
 * first, so users fix all of them in one pass.
 */
export class PolicyError extends Error {
  declare readonly issues: PolicyIssue[];
  declare private readonly heading: string;
  declare private formatted: string | undefined;
  constructor(issues: PolicyIssue[], heading = "Invalid scaling policy") {
    // Refusals collected by their issues (`collectingIssues`) skip V8's stack capture, most of their cost.
    const limit = Error.stackTraceLimit;
    if (collecting > 0) Error.stackTraceLimit = 0;
    super();
    Error.stackTraceLimit = limit;
    this.name = "PolicyError";
    this.issues = issues;
    Object.defineProperty(this, "heading", { value: heading });
  }

  // Formatted when first read: a refusal that is caught and handled by its issues (lint, tryCompile, a
  // platform comparison) never pays for the text.
  override get message(): string {
    if (this.formatted === undefined) this.message = `${this.heading}:\n${this.issues.map((i) => ` - ${formatPath(i.path)}: ${i.message}`).join("\n")}`;
    return this.formatted!;
  }

  override set message(value: string) {
    Object.defineProperty(this, "formatted", { value, writable: true });
  }

  /**
   * `instanceof PolicyError` holds for a PolicyError of any copy of this module: the platform adapters are
   * loaded on demand with `require`, and a test runner (or two installed copies of polyscale) can load
   * this module twice.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[POLICY_ERROR] === true;
  }
}

const POLICY_ERROR = Symbol.for("polyscale.PolicyError");
Object.defineProperty(PolicyError.prototype, POLICY_ERROR, { value: true });
