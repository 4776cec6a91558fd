import type { z } from "zod";

export type PathSegment = string | number;

/** One problem with a policy: a stable code, the field path, and a message saying what was given and what is allowed. */
export interface PolicyIssue {
  code: string;
  path: PathSegment[];
  message: string;
}

/** `scaling.metrics[0].cpu.utilization` */
export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? seg : `.${seg}`;
  }
  return out === "" ? "(policy)" : out;
}

/**
 * Thrown for invalid policies and for policies a platform cannot express. Every issue is collected
 * first, so users fix all of them in one pass.
 */
export class PolicyError extends Error {
  readonly issues: PolicyIssue[];
  constructor(issues: PolicyIssue[], heading = "Invalid scaling policy") {
    super(`${heading}:\n${issues.map((i) => ` - ${formatPath(i.path)}: ${i.message}`).join("\n")}`);
    this.name = "PolicyError";
    this.issues = issues;
  }
}

/** Turn zod issues into policy issues, adding the given value where zod's message lacks it. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], prefix: PathSegment[] = []): PolicyIssue[] {
  const out: PolicyIssue[] = [];
  for (const iss of issues) {
    const path = [...prefix, ...(iss.path as PathSegment[])];
    let message = iss.message;
    if (iss.code === "unrecognized_keys" && !message.startsWith("unknown")) {
      message = `unknown field${iss.keys.length > 1 ? "s" : ""} ${iss.keys.map((k) => JSON.stringify(k)).join(", ")} (the platform would silently drop it)`;
    } else if (iss.code === "invalid_type" && /^Invalid input/.test(message)) {
      message = iss.input === undefined
        ? `is required (expected ${iss.expected})`
        : `must be ${iss.expected === "object" ? "a mapping" : `a ${iss.expected}`}, got ${iss.input === null ? "null" : Array.isArray(iss.input) ? "a list" : JSON.stringify(iss.input)}`;
    } else if (iss.code === "invalid_value" && /^Invalid option/.test(message)) {
      message = `must be one of ${iss.values.map((v) => JSON.stringify(v)).join(", ")}, got ${JSON.stringify(iss.input)}`;
    } else if ((iss.code === "too_small" || iss.code === "too_big") && iss.input !== undefined && !/got /.test(message)) {
      message = `${message}, got ${JSON.stringify(iss.input)}`;
    }
    out.push({ code: iss.code, path, message });
  }
  return out;
}
