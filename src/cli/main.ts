import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Command, CommanderError, Option } from "commander";
import { PolicyError } from "../policy/errors";
import { SIM_PLATFORMS } from "../simulate/types";
import { EXIT, InputError, UsageError } from "./errors";
import { PLATFORM_HELP, resolvePlatform } from "./platforms";
import { runRender, stdio, type CommandIO } from "./render";

// Each subcommand beyond render is loaded when it runs, so a cold `render` skips the rules (lint), the
// simulator and its CSV parser (simulate), and the Pulumi mocks (plan). See docs/performance.md.
const lint = () => require("./lint") as typeof import("./lint");
const plan = () => require("./plan") as typeof import("./plan");
const simulation = () => require("./simulate") as typeof import("./simulate");

const SIM_ONLY = SIM_PLATFORMS.filter((p) => p === "hpa" || p === "keda");

/**
 * Run the CLI; returns the exit code: 0 ok, 1 invalid input (policy, file, program), 2 usage error
 * (commander's own errors too), 3 a bug in polyscale. Errors are one line per problem, never a stack trace.
 */
export async function main(argv: string[], io: CommandIO = stdio): Promise<number> {
  const program = new Command("polyscale")
    .description("One scaling policy, four platforms: render, lint, simulate and plan autoscaling.")
    .version(packageVersion(), "-V, --version", "print polyscale's version")
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  let code: number = EXIT.ok;

  program
    .command("render")
    .description("print the resources a policy file compiles to")
    .argument("<file>", "policy file (YAML or JSON); - reads stdin")
    .requiredOption("-p, --platform <platform>", PLATFORM_HELP)
    .addOption(new Option("-f, --format <format>", "output format").choices(["yaml", "json"]).default("yaml"))
    .option("-s, --service <name>", "only this service of the file")
    .option("--adapter-config", "print the prometheus-adapter config fragment instead (kubernetes)")
    .option("--adapter-values", "print prometheus-adapter Helm values instead (kubernetes)")
    .option("--dashboard", "print the Grafana dashboard JSON instead (kubernetes; needs `dashboard` in the policy)")
    .action((file: string, o: { platform: string; format: string; service?: string; adapterConfig?: boolean; adapterValues?: boolean; dashboard?: boolean }) => {
      code = runRender({ file, platform: o.platform, format: o.format, service: o.service, adapter: o.adapterConfig ? "config" : o.adapterValues ? "values" : undefined, dashboard: o.dashboard }, io);
    });

  program
    .command("lint")
    .description("validate a policy file and compile it for the given platforms (default: kubernetes), reporting what each cannot express")
    .argument("<file>", "policy file (YAML or JSON); - reads stdin")
    .option("-p, --platform <platform...>", `platforms to check: ${PLATFORM_HELP}`)
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .action((file: string, o: { platform?: string[]; format: "text" | "json" }) => {
      code = lint().runLint({ file, platforms: (o.platform ?? ["kubernetes"]).map((p) => resolvePlatform(p)), format: o.format }, io);
    });

  program
    .command("simulate")
    .description("replay a load trace through a platform's autoscaler and predict replicas over time")
    .argument("<file>", "policy file; - reads stdin")
    .option("-p, --platform <platform>", `${PLATFORM_HELP}, or hpa / keda to force a Kubernetes engine (or use --compare)`)
    .option("--compare <platforms>", "comma-separated platforms overlaid in one summary and chart, e.g. kubernetes,ecs,container-apps,cloud-run")
    .option("-t, --trace <trace>", "load trace (CSV or JSON; or use --prometheus)")
    .option("--prometheus <url>", "read the trace from this Prometheus server with range queries (--query, --start, --end, --step)")
    .option("--query <column=promql>", "a trace column and the PromQL range query that fills it (repeatable), e.g. rps=sum(rate(http_requests_total[2m]))", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option("--end <instant>", "end of the Prometheus range (ISO 8601 instant)")
    .option("--step <duration>", "Prometheus range step, e.g. 15s")
    .option("-s, --service <name>", "only this service of the file")
    .option("--svg <file>", "write an SVG chart")
    .option("--json", "print the timeline as JSON")
    .option("--start <instant>", "wall-clock ISO 8601 instant of t = 0 (e.g. 2026-11-27T17:00:00Z); replays schedule metrics; the start of the Prometheus range")
    .action(async (file: string, o: { platform?: string; compare?: string; trace?: string; prometheus?: string; query: string[]; end?: string; step?: string; service?: string; svg?: string; json?: boolean; start?: string }) => {
      const platform = o.platform === undefined ? undefined : resolvePlatform(o.platform, SIM_ONLY);
      const compare = o.compare?.split(",").map((p) => resolvePlatform(p.trim(), SIM_ONLY));
      code = await simulation().runSimulateCommand({ file, ...o, platform, compare }, io);
    });

  program
    .command("plan")
    .description("run a stack's Pulumi program offline under mocks and print what `pulumi up` would create")
    .argument("[file]", "a policy file (- reads stdin): plan each of its services as a ScaledService on --platform")
    .option("-p, --platform <platform>", `platform for a policy file: ${PLATFORM_HELP}`)
    .option("--stack <name>", "stack name (Pulumi.<name>.yaml in the project's stackConfigDir)")
    .option("--dir <folder>", "the Pulumi project folder (default: the nearest Pulumi.yaml above the current directory)")
    .option("-o, --out <dir>", "folder for the full inputs of every resource (default <project>/out/plan/<stack>); polyscale replaces only its own files there")
    .option("--json", "print the resources as JSON")
    .action(async (file: string | undefined, o: { platform?: string; stack?: string; dir?: string; out?: string; json?: boolean }) => {
      code = await plan().runPlan({ file, platform: o.platform, stack: o.stack, root: o.dir, out: o.out, json: o.json }, io);
    });

  try {
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (e) {
    return reportError(e, io);
  }
}

/** Print an error the way a user reads it (no stack trace) and return its exit code. */
export function reportError(e: unknown, io: CommandIO): number {
  // Commander has already printed its message (unknown option, missing argument, bad choice, --help).
  if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (e instanceof UsageError) {
    io.err(`error: ${e.message}\n`);
    return EXIT.usage;
  }
  // By name too: a user's program may load its own copy of polyscale (installed) beside the CLI's.
  if (e instanceof PolicyError || e instanceof InputError || (e instanceof Error && e.name === "PolicyError")) {
    io.err(`error: ${e.message}\n`);
    return EXIT.invalidInput;
  }
  const message = e instanceof Error ? e.message : String(e);
  io.err(`error: internal error in polyscale: ${message.split("\n")[0]!.slice(0, 500)}\n`);
  if (process.env.POLYSCALE_DEBUG && e instanceof Error) io.err(`${e.stack}\n`);
  return EXIT.internal;
}

/** The version in polyscale's own package.json (src/cli in the checkout, dist/src/cli when installed). */
function packageVersion(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "polyscale" && pkg.version) return pkg.version;
    }
    if (dirname(dir) === dir) return "unknown";
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((c) => {
    process.exitCode = c;
  });
}
