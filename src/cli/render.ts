import { readFileSync } from "node:fs";
import { stringify } from "yaml";
import { parsePolicyFile } from "../policy/load";
import type { ScalingPolicy } from "../types";
import { formatPath, PolicyError } from "../policy/errors";
import { loadTarget, type Diagnostic, type PlatformName } from "../targets";
import { adapterConfig, adapterHelmValues, compileKubernetes, type AdapterRule } from "../targets/kubernetes";
import { InputError, UsageError } from "./errors";
import { resolvePlatform } from "./platforms";

export { InputError, UsageError };

export interface RenderArgs {
  file: string;
  platform: string;
  format?: string;
  service?: string;
  adapter?: "config" | "values";
  /** Print the Grafana dashboard JSON instead (kubernetes; the policy's `dashboard`). */
  dashboard?: boolean;
}

export interface CommandIO {
  out: (text: string) => void;
  err: (text: string) => void;
}

export const stdio: CommandIO = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

/** A platform name or alias (k8s, aws, azure, gcp, ...) as the canonical platform. */
export function checkPlatform(platform: string): PlatformName {
  return resolvePlatform(platform);
}

/** The bytes of a file, or of stdin for `-` (parsePolicyFile decodes them strictly as UTF-8, naming a bad byte's offset). */
export function readInput(file: string): { text: Uint8Array; name: string } {
  try {
    return file === "-" ? { text: readFileSync(0), name: "<stdin>" } : { text: readFileSync(file), name: file };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === "ENOENT" ? "no such file" : err.code === "EISDIR" ? "is a directory" : (err.code ?? err.message);
    throw new InputError(`cannot read ${file === "-" ? "stdin" : file}: ${why}`);
  }
}

/** Parse a policy file (or stdin for `-`); YAML the parser refuses (syntax, alias bombs) is an InputError naming the file. */
export function loadPolicies(file: string, service?: string): ScalingPolicy[] {
  const { text, name } = readInput(file);
  let all: ScalingPolicy[];
  try {
    all = parsePolicyFile(text, name);
  } catch (e) {
    // A TypeError is a bug in polyscale (exit 3), not the file's fault; the YAML parser's own errors
    // (syntax, "Excessive alias count", a ReferenceError) are the file's.
    if (e instanceof PolicyError || e instanceof TypeError) throw e;
    throw new InputError(`${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!service) return all;
  const picked = all.filter((p) => p.service === service);
  if (picked.length === 0) throw new UsageError(`no service ${JSON.stringify(service)} in ${file === "-" ? "stdin" : file}; it has: ${all.map((p) => p.service).join(", ")}`);
  return picked;
}

export function formatWarnings(service: string, warnings: Diagnostic[]): string {
  return warnings.map((w) => `${w.severity}: ${service}: ${formatPath(w.path)}: ${w.message}\n`).join("");
}

/** `polyscale render`: documents as multi-document YAML (kubectl apply -f - accepts it) or a JSON list. */
export function runRender(args: RenderArgs, io: CommandIO = stdio): number {
  const platform = checkPlatform(args.platform);
  const format = args.format ?? "yaml";
  if (format !== "yaml" && format !== "json") throw new UsageError(`--format must be yaml or json, got ${JSON.stringify(format)}`);
  const policies = loadPolicies(args.file, args.service);
  if (args.dashboard) return renderDashboards(platform, policies, io);
  const target = loadTarget(platform);
  const documents: unknown[] = [];
  for (const p of policies) {
    if (args.adapter) {
      if (platform !== "kubernetes") throw new UsageError("--adapter-config / --adapter-values apply to --platform kubernetes only");
      const out = compileKubernetes(p);
      documents.push(...out.adapterRules);
      io.err(formatWarnings(p.service, out.warnings));
      continue;
    }
    const r = target.render(p);
    documents.push(...r.documents);
    io.err(formatWarnings(p.service, r.warnings));
  }
  if (args.adapter) {
    const rules = documents as AdapterRule[];
    const doc = args.adapter === "config" ? adapterConfig(rules) : adapterHelmValues(rules);
    io.out(format === "json" ? `${JSON.stringify(doc, null, 2)}\n` : stringify(doc, { lineWidth: 0 }));
    return 0;
  }
  if (format === "json") io.out(`${JSON.stringify(documents, null, 2)}\n`);
  else io.out(documents.map((d) => stringify(d, { lineWidth: 0 })).join("---\n"));
  return 0;
}

/** `render --dashboard`: the Grafana dashboard JSON of each policy (one object, or a list for several services). */
function renderDashboards(platform: PlatformName, policies: ScalingPolicy[], io: CommandIO): number {
  if (platform !== "kubernetes") throw new UsageError("--dashboard applies to --platform kubernetes only (Grafana)");
  const dashboards = policies.map((p) => {
    const out = compileKubernetes(p);
    io.err(formatWarnings(p.service, out.warnings));
    if (!out.dashboard) throw new UsageError(`service ${JSON.stringify(p.service)} has no dashboard: add \`dashboard: {}\` to its policy`);
    return out.dashboard;
  });
  io.out(`${JSON.stringify(dashboards.length === 1 ? dashboards[0] : dashboards, null, 2)}\n`);
  return 0;
}
