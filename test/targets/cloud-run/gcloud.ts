/**
 * Test helper: read a `gcloud run services update` command out of a seed and map its flags to the
 * Cloud Run Admin API v2 fields they set, by gcloud's documented flag semantics
 * (https://cloud.google.com/sdk/gcloud/reference/run/services/update):
 *
 * | flag | v2 field (provider arg path) |
 * |---|---|
 * | `--min-instances N` | `template.scaling.minInstanceCount` |
 * | `--max-instances N` | `template.scaling.maxInstanceCount` |
 * | `--concurrency N` | `template.maxInstanceRequestConcurrency` |
 * | `--cpu-throttling` / `--no-cpu-throttling` | `template.containers[0].resources.cpuIdle` true / false |
 * | `--cpu-boost` / `--no-cpu-boost` | `template.containers[0].resources.startupCpuBoost` |
 * | `--memory Q` | `template.containers[0].resources.limits.memory` |
 * | `--cpu N` | `template.containers[0].resources.limits.cpu` |
 */

export interface GcloudCommand {
  service: string;
  flags: Record<string, string | boolean>;
}

const BOOLEAN_FLAGS = new Set(["cpu-throttling", "cpu-boost"]);

export function gcloudRunUpdateCommand(markdown: string): GcloudCommand {
  // The command line and its backslash continuations.
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => l.trim().startsWith("gcloud run services update"));
  if (start < 0) throw new Error("no `gcloud run services update` command in the seed");
  const cmd: string[] = [];
  for (let i = start; i < lines.length; i++) {
    cmd.push(lines[i]!.replace(/\\\s*$/, ""));
    if (!/\\\s*$/.test(lines[i]!)) break;
  }
  const tokens = cmd.join(" ").trim().split(/\s+/);
  if (tokens.slice(0, 4).join(" ") !== "gcloud run services update") throw new Error(`unexpected command: ${tokens.join(" ")}`);
  const service = tokens[4]!;
  const flags: Record<string, string | boolean> = {};
  for (let i = 5; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!t.startsWith("--")) throw new Error(`unexpected token ${t}`);
    const [name, inline] = t.slice(2).split("=", 2) as [string, string | undefined];
    if (name.startsWith("no-") && BOOLEAN_FLAGS.has(name.slice(3))) flags[name.slice(3)] = false;
    else if (BOOLEAN_FLAGS.has(name)) flags[name] = true;
    else if (inline !== undefined) flags[name] = inline;
    else flags[name] = tokens[++i]!;
  }
  return { service, flags };
}

/** The v2 API fields the flags set, as [path, value] pairs. */
export function v2FieldsOf(cmd: GcloudCommand): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [flag, value] of Object.entries(cmd.flags)) {
    switch (flag) {
      case "min-instances": out.push(["template.scaling.minInstanceCount", Number(value)]); break;
      case "max-instances": out.push(["template.scaling.maxInstanceCount", Number(value)]); break;
      case "concurrency": out.push(["template.maxInstanceRequestConcurrency", Number(value)]); break;
      case "cpu-throttling": out.push(["template.containers.0.resources.cpuIdle", value]); break;
      case "cpu-boost": out.push(["template.containers.0.resources.startupCpuBoost", value]); break;
      case "memory": out.push(["template.containers.0.resources.limits.memory", value]); break;
      case "cpu": out.push(["template.containers.0.resources.limits.cpu", value]); break;
      default: throw new Error(`gcloud flag --${flag} has no mapping in this test helper`);
    }
  }
  return out;
}

export function at(obj: unknown, path: string): unknown {
  return path.split(".").reduce<any>((o, k) => (o == null ? undefined : o[k]), obj);
}
