import { parseAllDocuments, type YAMLError } from "yaml";
import { PolicyError, formatPath, type PathSegment, type PolicyIssue } from "./errors";
import { fromZodIssues } from "./zod-issues";
import type { ScalingPolicy as ParsedPolicy } from "../types";
import { quote, quoteString, render } from "./messages";
import { ScalingPolicy, workloadRef } from "./policy";

/** Most aliases a policy file may expand (yaml's `maxAliasCount`): an alias bomb is an error, not a hang. */
const MAX_ALIASES = 100;

const PARSED = Symbol.for("polyscale.parsedPolicy");

/** Validate one policy object. Throws a PolicyError listing every problem. */
export function parsePolicy(input: unknown, pathPrefix: PathSegment[] = []): ParsedPolicy {
  if (isParsedPolicy(input)) return input;
  const plain: PolicyIssue[] = [];
  // zod builds its output afresh, so a clean input needs no copy; anything else goes through the copy that reports it.
  const data = isCleanData(input, 0) ? input : plainData(input, [...pathPrefix], plain, new Set());
  const r = ScalingPolicy.safeParse(data, { error: render, reportInput: true });
  if (!r.success || plain.length > 0) {
    // A non-JSON value is reported once, not again as "is required" where it was left out.
    const at = new Set(plain.map((i) => formatPath(i.path)));
    const rest = r.success ? [] : fromZodIssues(r.error.issues, pathPrefix).filter((i) => !at.has(formatPath(i.path)));
    throw new PolicyError([...plain, ...rest]);
  }
  // Parsed output is not valid input (units are resolved), so mark it: components accept either.
  Object.defineProperty(r.data, PARSED, { value: true, enumerable: false });
  return r.data;
}

/** Deeper than any policy: past it the walk hands over to `plainData`, which also finds cycles. */
const CLEAN_DEPTH = 32;

/**
 * True when `plainData` would find nothing to report or change: only JSON data (plain objects, arrays,
 * strings, numbers other than `-0`, booleans, null, undefined), no `__proto__` key, nesting below
 * CLEAN_DEPTH. Allocates nothing.
 */
function isCleanData(v: unknown, depth: number): boolean {
  switch (typeof v) {
    case "string":
    case "boolean":
    case "undefined":
      return true;
    case "number":
      return !Object.is(v, -0);
    case "object": {
      if (v === null) return true;
      if (depth === CLEAN_DEPTH) return false;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (!isCleanData(v[i], depth + 1)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const k in v) {
        if (k === "__proto__" || !isCleanData((v as Record<string, unknown>)[k], depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/**
 * A copy of the input holding only JSON data (what a policy file can hold). BigInts, functions, symbols,
 * class instances (Buffer, Date, Map) and cycles are issues at their path; `-0` is normalised to `0`
 * (it means 0 on every platform, and would otherwise be printed as `-0`).
 */
function plainData(v: unknown, path: PathSegment[], issues: PolicyIssue[], open: Set<object>): unknown {
  if (typeof v === "number") return Object.is(v, -0) ? 0 : v;
  if (v === null || typeof v === "string" || typeof v === "boolean" || v === undefined) return v;
  // `path` is one array pushed and popped along the walk (no copy per value); an issue takes a copy.
  if (typeof v !== "object") return notData(issues, path, quote(v));
  if (open.has(v)) return notData(issues, path, "a reference to an enclosing value (a cycle)");
  const proto = Object.getPrototypeOf(v);
  if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) return notData(issues, path, quote(v));
  open.add(v);
  try {
    if (Array.isArray(v)) {
      const out = new Array<unknown>(v.length);
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        out[i] = plainData(v[i], path, issues, open);
        path.pop();
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      // Reported and left out: assigned, it would set the copy's prototype; zod's records skip it silently.
      if (k === "__proto__") {
        issues.push({ code: "invalid_key", path: [...path, k], message: "is not allowed as a key (it names the object's prototype in JavaScript); remove it" });
        continue;
      }
      path.push(k);
      out[k] = plainData((v as Record<string, unknown>)[k], path, issues, open);
      path.pop();
    }
    return out;
  } finally {
    open.delete(v);
  }
}

function notData(issues: PolicyIssue[], path: PathSegment[], what: string): undefined {
  issues.push({ code: "invalid_type", path: [...path], message: `must be JSON data (a string, number, true/false, null, list or mapping), got ${what}` });
  return undefined;
}

/** True for the result of `parsePolicy` / `parsePolicyFile`. */
export function isParsedPolicy(value: unknown): value is ParsedPolicy {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[PARSED] === true;
}

/**
 * Decode a policy file's bytes as UTF-8. Invalid UTF-8 is an error at its byte offset (never replaced
 * silently); a byte order mark is dropped.
 */
export function decodePolicyBytes(bytes: Uint8Array, fileName = "<input>"): string {
  const loose = new TextDecoder("utf-8").decode(bytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const offset = invalidUtf8Offset(bytes, loose);
    throw new PolicyError([{ code: "encoding", path: [], message: `${fileName}: is not valid UTF-8 (invalid byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, "0")} at byte offset ${offset}); save the file as UTF-8` }], `Invalid policy file ${fileName}`);
  }
}

/** Byte offset of the first malformed sequence: where the lenient decoding's first U+FFFD was not in the bytes. */
function invalidUtf8Offset(bytes: Uint8Array, loose: string): number {
  const enc = new TextEncoder();
  let from = 0;
  for (;;) {
    const at = loose.indexOf("\ufffd", from);
    if (at < 0) return bytes.length;
    const offset = enc.encode(loose.slice(0, at).replace(/^\ufeff/, "")).length + (loose.startsWith("\ufeff") && bytes[0] === 0xef ? 3 : 0);
    if (!(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) return offset;
    from = at + 1;
  }
}

/** `file:line:col: message` for a YAML error or warning (first line of yaml's message, without its snippet). */
function yamlIssue(e: YAMLError, fileName: string, path: PathSegment[], text: string): PolicyIssue {
  const pos = e.linePos?.[0];
  if (e.code === "DUPLICATE_KEY" && pos) {
    const key = /^\s*(?:-\s+)?("(?:[^"\\]|\\.)*"|'[^']*'|[^:#\s][^:#]*?)\s*:/.exec(text.split(/\r?\n/)[pos.line - 1]?.slice(pos.col - 1) ?? "")?.[1];
    if (key !== undefined) return { code: "yaml", path, message: `${fileName}:${pos.line}:${pos.col}: duplicate key ${quote(key.replace(/^["']|["']$/g, ""))} (each key once per mapping)` };
  }
  const first = e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "").replace(/^Maximum call stack size exceeded$/, "is nested too deeply to parse");
  const what = e.code === "TAG_RESOLVE_FAILED" ? `${first.replace(/^Unresolved tag: (.*)$/, (_m, t: string) => `unknown tag ${quoteString(t.replace(/^tag:yaml\.org,2002:/, "!!"))}`)} (policy files are plain data: no custom tags)` : first;
  return { code: "yaml", path, message: `${fileName}${pos ? `:${pos.line}:${pos.col}` : ""}: ${what}` };
}

/**
 * Parse a policy file: YAML (one or several `---` documents) or JSON, as text or as the file's bytes
 * (decoded strictly as UTF-8). Each document is one policy or `{ services: [policy, ...] }`. Every
 * document is validated before anything is returned. YAML hazards are errors naming the file and line:
 * unknown tags (`!Ref`, `!!js/function`), duplicate keys, alias bombs.
 */
export function parsePolicyFile(input: string | Uint8Array, fileName = "<input>"): ParsedPolicy[] {
  if (typeof input !== "string" && !(input instanceof Uint8Array)) {
    throw new PolicyError([{ code: "invalid_type", path: [], message: `${fileName}: a policy file must be text or bytes, got ${quote(input)}` }]);
  }
  const text = (typeof input === "string" ? input : decodePolicyBytes(input, fileName)).replace(/^\ufeff/, "");
  // YAML 1.2 core schema plus merge keys (`<<: *base`, common in Kubernetes files); YAML 1.1 tags
  // (!!binary, !!timestamp, !!set) stay unresolved, so they are reported like any unknown tag.
  const docs = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true, merge: true, resolveKnownTags: false });
  const issues: PolicyIssue[] = [];
  const policies: ParsedPolicy[] = [];
  const multi = docs.length > 1;
  docs.forEach((doc, d) => {
    const docPath: PathSegment[] = multi ? [`document ${d + 1}`] : [];
    const problems = [...doc.errors, ...doc.warnings.filter((w) => w.code === "TAG_RESOLVE_FAILED")];
    if (problems.length > 0) {
      // One message per line: a syntax error makes the parser report follow-on errors on the same line.
      const lines = new Set<number | undefined>();
      for (const e of problems) {
        const line = e.linePos?.[0].line;
        if (line !== undefined && lines.has(line)) continue;
        lines.add(line);
        issues.push(yamlIssue(e, fileName, docPath, text));
      }
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (e) {
      if (!(e instanceof ReferenceError)) throw e;
      issues.push({ code: "yaml", path: docPath, message: `${fileName}: expands more than ${MAX_ALIASES} aliases (*name), which looks like an alias bomb; write the values out or use fewer aliases` });
      return;
    }
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
        message: `a document with \`services:\` holds only that list, got also ${keys.filter((k) => k !== "services").map((k) => quoteString(k)).join(", ")}`,
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
    if (seen.has(key)) issues.push({ code: "duplicate_service", path: ["services", i, "service"], message: `service ${quote(p.service)} in namespace ${quote(p.namespace)} is defined twice` });
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
        message: `${ref.kind} ${quote(ref.name)} in ${quote(p.namespace)} is already autoscaled by service ${quote(other)}; one autoscaler per workload (merge the metrics into one policy)`,
      });
    } else owners.set(key, p.service);
  });
  if (issues.length > 0) throw new PolicyError(issues, `Invalid policy file ${fileName}`);
  if (policies.length === 0) throw new PolicyError([{ code: "empty", path: [], message: `${fileName} holds no policy` }]);
  return policies;
}

function asList(v: unknown, path: PathSegment[], issues: PolicyIssue[]): Array<[unknown, PathSegment[]]> {
  if (!Array.isArray(v)) {
    issues.push({ code: "invalid_type", path, message: `must be a list of service policies, got ${quote(v)}` });
    return [];
  }
  return v.map((e, i) => [e, [...path, i]]);
}
