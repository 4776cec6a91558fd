/**
 * `polyscale simulate FILE (--platform P | --compare P1,P2,...) (--trace T | --prometheus URL --query COL=PROMQL... --start --end --step)
 *  [--start ISO-INSTANT] [--svg out.svg] [--json] [--service S]`:
 * replay a load trace through a platform's scaling rules and report what the replicas would do
 * (`--compare`: several platforms overlaid in one summary and chart).
 * This file does the I/O; src/simulate is pure.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { PolicyError } from "../policy/errors";
import { parsePolicyFile } from "../policy/load";
import { parseDurationSeconds } from "../policy/units";
import {
  fetchPrometheusTrace,
  formatComparison,
  formatSummary,
  parseRangeQuery,
  parseTrace,
  renderSvg,
  simulatePolicy,
  summarize,
  SIM_PLATFORMS,
  type ParsedTrace,
  type SimPlatform,
  type WorkloadModel,
} from "../simulate";
import { EXIT, InputError } from "./errors";
import { readInput, stdio, type CommandIO } from "./render";

export interface SimulateCommandArgs {
  file: string;
  /** One platform; or `compare` with several. */
  platform?: string;
  /** Platforms overlaid in one summary and chart (`--compare kubernetes,ecs,...`). */
  compare?: string[];
  /** A CSV / JSON trace file; or `prometheus` with `query`, `start`, `end`, `step`. */
  trace?: string;
  /** A Prometheus server to read the trace from with range queries. */
  prometheus?: string;
  /** `COLUMN=PROMQL`, one per trace column (with `prometheus`). */
  query?: string[];
  /** End of the range (ISO 8601 instant, with `prometheus`; `start` is its start and t = 0). */
  end?: string;
  /** Range step (a duration: 15s, 1m; with `prometheus`). */
  step?: string;
  svg?: string;
  json?: boolean;
  service?: string;
  /** The wall-clock instant of t = 0 (ISO 8601, e.g. 2026-11-27T17:00:00Z): replays `schedule` metrics. */
  start?: string;
}

/** Run the command; returns the process exit code (0 ok, 1 invalid input, 2 usage). */
export async function runSimulateCommand(args: SimulateCommandArgs, io: CommandIO = stdio): Promise<number> {
  try {
    const platforms = args.compare ?? (args.platform === undefined ? [] : [args.platform]);
    if (platforms.length === 0) {
      io.err(`polyscale simulate: pass --platform P, or --compare P1,P2,... (${SIM_PLATFORMS.join(", ")})\n`);
      return EXIT.usage;
    }
    const unknown = platforms.find((p) => !(SIM_PLATFORMS as readonly string[]).includes(p));
    if (unknown !== undefined) {
      io.err(`polyscale simulate: unknown platform ${JSON.stringify(unknown)}; one of ${SIM_PLATFORMS.join(", ")}\n`);
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
    const { trace, model, startTime } = await readTrace(args);
    // the trace's first point anchors t = 0 when it comes from Prometheus (the range's first point with data);
    // for a file --start does, else the file's own first timestamp (a Grafana export's `Time` column)
    const start = args.prometheus !== undefined ? startTime : (args.start ?? startTime);
    const options = { model: model as Partial<WorkloadModel> | undefined, ...(start !== undefined ? { startTime: start } : {}) };
    if (args.compare === undefined) {
      const result = simulatePolicy(policy, trace, { platform: platforms[0] as SimPlatform, ...options });
      if (args.svg) writeFileSync(args.svg, renderSvg(result));
      if (args.json) io.out(`${toJson({ summary: summarize(result), ...result })}\n`);
      else {
        io.out(`${formatSummary(result)}\n`);
        if (args.svg) io.out(`  chart written to ${args.svg}\n`);
      }
      return 0;
    }
    // --compare: every platform whose compiler accepts the policy; the others are named with their first issue.
    const results = [];
    for (const platform of platforms) {
      try {
        results.push(simulatePolicy(policy, trace, { platform: platform as SimPlatform, ...options }));
      } catch (e) {
        if (!(e instanceof PolicyError)) throw e;
        const first = e.issues[0];
        io.err(`polyscale simulate: not compared on ${platform}: the policy does not compile there${first ? ` (${first.path.join(".")}: ${first.message})` : ""}\n`);
      }
    }
    if (results.length === 0) return EXIT.invalidInput;
    if (args.svg) writeFileSync(args.svg, renderSvg(results));
    if (args.json) io.out(`${toJson({ comparison: results.map((r) => ({ summary: summarize(r), ...r })) })}\n`);
    else {
      io.out(`${formatComparison(results)}\n`);
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

/** The trace: a file (`--trace`), or range queries against a Prometheus server (`--prometheus`). */
async function readTrace(args: SimulateCommandArgs): Promise<ParsedTrace> {
  if (args.prometheus !== undefined) {
    if (args.trace !== undefined) throw new InputError("pass either --trace FILE or --prometheus URL, not both");
    if (args.start === undefined || args.end === undefined || args.step === undefined) {
      throw new InputError("--prometheus needs --start and --end (ISO 8601 instants) and --step (e.g. 15s)");
    }
    const step = parseDurationSeconds(args.step);
    if (typeof step === "string" || step === 0) throw new InputError(`--step ${typeof step === "string" ? step : "must be > 0"}`);
    try {
      const queries = (args.query ?? []).map(parseRangeQuery);
      return await fetchPrometheusTrace({ url: args.prometheus, queries, start: args.start, end: args.end, step });
    } catch (e) {
      throw new InputError((e as Error).message);
    }
  }
  if (args.trace === undefined) throw new InputError("pass --trace FILE (CSV or JSON), or --prometheus URL with --query COLUMN=PROMQL, --start, --end and --step");
  return parseTrace(readFileSync(args.trace, "utf8"), args.trace);
}

/** JSON with non-finite numbers (an unreadable metric's Infinity / NaN) as null. */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2);
}
