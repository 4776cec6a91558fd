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
