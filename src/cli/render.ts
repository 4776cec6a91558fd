import { readFileSync } from "node:fs";
import { stringify } from "yaml";
import { parsePolicyFile } from "../policy/load";
import type { ScalingPolicy } from "../types";
import { formatPath } from "../policy/errors";
import { loadTarget, PLATFORMS, type Diagnostic, type PlatformName } from "../targets";
import { adapterConfig, adapterHelmValues, compileKubernetes, type AdapterRule } from "../targets/kubernetes";

export interface RenderArgs {
  file: string;
  platform: string;
  format?: string;
  service?: string;
  adapter?: "config" | "values";
}

export interface CommandIO {
  out: (text: string) => void;
  err: (text: string) => void;
}

export const stdio: CommandIO = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

export function checkPlatform(platform: string): PlatformName {
  if ((PLATFORMS as readonly string[]).includes(platform)) return platform as PlatformName;
  throw new UsageError(`--platform must be one of ${PLATFORMS.join(", ")}, got ${JSON.stringify(platform)}`);
}

export class UsageError extends Error {}

export function loadPolicies(file: string, service?: string): ScalingPolicy[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const all = parsePolicyFile(text, file);
  if (!service) return all;
  const picked = all.filter((p) => p.service === service);
  if (picked.length === 0) throw new UsageError(`no service ${JSON.stringify(service)} in ${file}; it has: ${all.map((p) => p.service).join(", ")}`);
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
