import { Command, CommanderError } from "commander";
import { PolicyError } from "../policy/errors";
import { runRender, UsageError, stdio, loadPolicies, formatWarnings, checkPlatform } from "./render";
import { PLATFORMS, loadTarget } from "../targets";
import { runPlan } from "./plan";
import { runSimulateCommand } from "./simulate";

/** Run the CLI; returns the exit code. Invalid input is exit 1 with the error, never a stack trace. */
export async function main(argv: string[], io = stdio): Promise<number> {
  const program = new Command("polyscale")
    .description("One scaling policy, four platforms: render, lint, simulate and plan autoscaling.")
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  let code = 0;

  program
    .command("render")
    .description("print the resources a policy file compiles to")
    .argument("<file>", "policy file (YAML or JSON)")
    .requiredOption("-p, --platform <platform>", `one of ${PLATFORMS.join(", ")}`)
    .option("-f, --format <format>", "yaml or json", "yaml")
    .option("-s, --service <name>", "only this service of the file")
    .option("--adapter-config", "print the prometheus-adapter config fragment instead (kubernetes)")
    .option("--adapter-values", "print prometheus-adapter Helm values instead (kubernetes)")
    .action((file: string, o: { platform: string; format: string; service?: string; adapterConfig?: boolean; adapterValues?: boolean }) => {
      code = runRender({ file, platform: o.platform, format: o.format, service: o.service, adapter: o.adapterConfig ? "config" : o.adapterValues ? "values" : undefined }, io);
    });

  program
    .command("lint")
    .description("validate a policy file and compile it for the given platforms (default: kubernetes), reporting what each cannot express")
    .argument("<file>", "policy file (YAML or JSON)")
    .option("-p, --platform <platform...>", `platforms to check (${PLATFORMS.join(", ")})`)
    .action((file: string, o: { platform?: string[] }) => {
      const policies = loadPolicies(file);
      const platforms = (o.platform ?? ["kubernetes"]).map(checkPlatform);
      let failed = false;
      for (const p of policies) {
        for (const platform of platforms) {
          try {
            const r = loadTarget(platform).render(p);
            io.err(formatWarnings(p.service, r.warnings));
            io.out(`ok: ${p.service} on ${platform}\n`);
          } catch (e) {
            if (!(e instanceof PolicyError)) throw e;
            failed = true;
            io.err(`${e.message}\n`);
          }
        }
      }
      code = failed ? 1 : 0;
    });

  program
    .command("simulate")
    .description("replay a load trace through a platform's autoscaler and predict replicas over time")
    .argument("<file>", "policy file")
    .requiredOption("-p, --platform <platform>", `one of ${PLATFORMS.join(", ")}`)
    .requiredOption("-t, --trace <trace>", "load trace (CSV or JSON)")
    .option("-s, --service <name>", "only this service of the file")
    .option("--svg <file>", "write an SVG chart")
    .option("--json", "print the timeline as JSON")
    .option("--start <instant>", "wall-clock ISO 8601 instant of t = 0 (e.g. 2026-11-27T17:00:00Z); replays schedule metrics")
    .action(async (file: string, o: { platform: string; trace: string; service?: string; svg?: string; json?: boolean; start?: string }) => {
      code = await runSimulateCommand({ file, ...o });
    });

  program
    .command("plan")
    .description("run a stack's Pulumi program offline under mocks and print what `pulumi up` would create")
    .argument("[file]", "a policy file: plan each of its services as a ScaledService on --platform")
    .option("-p, --platform <platform>", "platform for a policy file")
    .option("--stack <name>", "stack name (Pulumi.<name>.yaml in the project's stackConfigDir)")
    .option("--dir <folder>", "the Pulumi project folder (default: the nearest Pulumi.yaml above the current directory)")
    .option("-o, --out <dir>", "folder for the full inputs of every resource (default <project>/out/plan/<stack>)")
    .option("--json", "print the resources as JSON")
    .action(async (file: string | undefined, o: { platform?: string; stack?: string; dir?: string; out?: string; json?: boolean }) => {
      code = await runPlan({ file, platform: o.platform, stack: o.stack, root: o.dir, out: o.out, json: o.json }, io);
    });

  try {
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1;
    if (e instanceof PolicyError || e instanceof UsageError) {
      io.err(`error: ${e.message}\n`);
      return 1;
    }
    // Programming errors (a bug in polyscale) exit 2; everything else is a problem with the input: exit 1.
    const internal = e instanceof TypeError || e instanceof ReferenceError || e instanceof RangeError || e instanceof SyntaxError;
    io.err(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    return internal ? 2 : 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((c) => process.exit(c));
}
