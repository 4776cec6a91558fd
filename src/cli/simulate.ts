/**
 * `polyscale simulate FILE --platform P --trace T [--start ISO-INSTANT] [--svg out.svg] [--json] [--service S]`:
 * replay a load trace through a platform's scaling rules and report what the replicas would do.
 * This file does the I/O; src/simulate is pure.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { PolicyError } from "../policy/errors";
import { parsePolicyFile } from "../policy/load";
import { formatSummary, parseTrace, renderSvg, simulatePolicy, summarize, SIM_PLATFORMS, type SimPlatform, type WorkloadModel } from "../simulate";
import { EXIT, InputError } from "./errors";
import { readInput, stdio, type CommandIO } from "./render";

export interface SimulateCommandArgs {
  file: string;
  platform: string;
  trace: string;
  svg?: string;
  json?: boolean;
  service?: string;
  /** The wall-clock instant of t = 0 (ISO 8601, e.g. 2026-11-27T17:00:00Z): replays `schedule` metrics. */
  start?: string;
}

/** Run the command; returns the process exit code (0 ok, 1 invalid input, 2 usage). */
export async function runSimulateCommand(args: SimulateCommandArgs, io: CommandIO = stdio): Promise<number> {
  try {
    if (!(SIM_PLATFORMS as readonly string[]).includes(args.platform)) {
      io.err(`polyscale simulate: unknown platform ${JSON.stringify(args.platform)}; one of ${SIM_PLATFORMS.join(", ")}\n`);
      return EXIT.usage;
    }
    const input = readInput(args.file);
    const policies = parsePolicyFile(input.text, input.name);
    let policy = policies[0]!;
    if (args.service !== undefined) {
      const found = policies.find((p) => p.service === args.service);
      if (!found) {
        io.err(`polyscale simulate: no service ${JSON.stringify(args.service)} in ${input.name}; services: ${policies.map((p) => p.service).join(", ")}\n`);
        return EXIT.usage;
      }
      policy = found;
    } else if (policies.length > 1) {
      io.err(`polyscale simulate: ${input.name} defines ${policies.length} services (${policies.map((p) => p.service).join(", ")}); pick one with --service\n`);
      return EXIT.usage;
    }
    const { trace, model } = parseTrace(readFileSync(args.trace, "utf8"), args.trace);
    const result = simulatePolicy(policy, trace, {
      platform: args.platform as SimPlatform,
      model: model as Partial<WorkloadModel> | undefined,
      ...(args.start !== undefined ? { startTime: args.start } : {}),
    });
    if (args.svg) writeFileSync(args.svg, renderSvg(result));
    if (args.json) {
      io.out(`${JSON.stringify({ summary: summarize(result), ...result }, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2)}\n`);
    } else {
      io.out(`${formatSummary(result)}\n`);
      if (args.svg) io.out(`  chart written to ${args.svg}\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof PolicyError || e instanceof InputError) {
      io.err(`${e.message}\n`);
      return EXIT.invalidInput;
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ENOENT") {
      io.err(`polyscale simulate: cannot read ${err.path ?? "file"}: no such file\n`);
      return EXIT.invalidInput;
    }
    io.err(`polyscale simulate: ${args.file === "-" ? "<stdin>" : args.file}: ${err.message.split("\n")[0]}\n`);
    return EXIT.invalidInput;
  }
}
