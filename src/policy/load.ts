import { parseAllDocuments } from "yaml";
import { PolicyError, fromZodIssues, type PathSegment, type PolicyIssue } from "./errors";
import { ScalingPolicy, workloadRef } from "./policy";

const PARSED = Symbol.for("polyscale.parsedPolicy");

/** Validate one policy object. Throws a PolicyError listing every problem. */
export function parsePolicy(input: unknown, pathPrefix: PathSegment[] = []): ScalingPolicy {
  if (isParsedPolicy(input)) return input;
  const r = ScalingPolicy.safeParse(input, { reportInput: true });
  if (!r.success) throw new PolicyError(fromZodIssues(r.error.issues, pathPrefix));
  // Parsed output is not valid input (units are resolved), so mark it: components accept either.
  Object.defineProperty(r.data, PARSED, { value: true, enumerable: false });
  return r.data;
}

/** True for the result of `parsePolicy` / `parsePolicyFile`. */
export function isParsedPolicy(value: unknown): value is ScalingPolicy {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[PARSED] === true;
}

/**
 * Parse a policy file: YAML (one or several `---` documents) or JSON. Each document is one policy or
 * `{ services: [policy, ...] }`. Every document is validated before anything is returned.
 */
export function parsePolicyFile(text: string, fileName = "<input>"): ScalingPolicy[] {
  const docs = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true });
  const issues: PolicyIssue[] = [];
  const policies: ScalingPolicy[] = [];
  const multi = docs.length > 1;
  docs.forEach((doc, d) => {
    const docPath: PathSegment[] = multi ? [`document ${d + 1}`] : [];
    if (doc.errors.length > 0) {
      for (const e of doc.errors) issues.push({ code: "yaml", path: docPath, message: `${fileName}: ${e.message}` });
      return;
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      issues.push({ code: "invalid_type", path: docPath, message: "must be one policy (a mapping) or { services: [policy, ...] }, got a list; put the list under `services:`" });
      return;
    }
    const keys = typeof value === "object" ? Object.keys(value as object) : [];
    if (keys.includes("services") && keys.length > 1) {
      issues.push({
        code: "unrecognized_keys",
        path: docPath,
        message: `a document with \`services:\` holds only that list, got also ${keys.filter((k) => k !== "services").map((k) => JSON.stringify(k)).join(", ")}`,
      });
      return;
    }
    const entries: Array<[unknown, PathSegment[]]> = keys.includes("services")
      ? asList((value as { services: unknown }).services, [...docPath, "services"], issues)
      : [[value, docPath]];
    for (const [entry, path] of entries) {
      try {
        policies.push(parsePolicy(entry, path));
      } catch (e) {
        if (e instanceof PolicyError) issues.push(...e.issues);
        else throw e;
      }
    }
  });
  const seen = new Map<string, number>();
  policies.forEach((p, i) => {
    const key = `${p.namespace}/${p.service}`;
    if (seen.has(key)) issues.push({ code: "duplicate_service", path: ["services", i, "service"], message: `service ${JSON.stringify(p.service)} in namespace ${JSON.stringify(p.namespace)} is defined twice` });
    seen.set(key, i);
  });
  // One autoscaler per workload: two services scaling the same workload would give it two controllers.
  const owners = new Map<string, string>();
  policies.forEach((p, i) => {
    if (p.scaling?.mode !== "autoscale") return;
    const ref = workloadRef(p);
    const key = `${p.namespace}/${ref.kind}/${ref.name}`;
    const other = owners.get(key);
    if (other !== undefined) {
      issues.push({
        code: "two_autoscalers",
        path: ["services", i, "workload"],
        message: `${ref.kind} ${JSON.stringify(ref.name)} in ${JSON.stringify(p.namespace)} is already autoscaled by service ${JSON.stringify(other)}; one autoscaler per workload (merge the metrics into one policy)`,
      });
    } else owners.set(key, p.service);
  });
  if (issues.length > 0) throw new PolicyError(issues, `Invalid policy file ${fileName}`);
  if (policies.length === 0) throw new PolicyError([{ code: "empty", path: [], message: `${fileName} holds no policy` }]);
  return policies;
}

function asList(v: unknown, path: PathSegment[], issues: PolicyIssue[]): Array<[unknown, PathSegment[]]> {
  if (!Array.isArray(v)) {
    issues.push({ code: "invalid_type", path, message: `must be a list of service policies, got ${JSON.stringify(v)}` });
    return [];
  }
  return v.map((e, i) => [e, [...path, i]]);
}
