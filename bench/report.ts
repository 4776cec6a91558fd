/**
 * What every bench item shares: medians, the row it hands to the suite (bench/suite.ts), and the line it
 * prints. An item prints its figure, its baseline and the ratio; the suite collects the rows from the
 * `BENCH_ROW` lines and prints one table. Nothing here asserts: timing is never a test.
 */
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";

export interface BenchRow {
  item: string;
  figure: string;
  baseline: string;
  /** polyscale / baseline (lower is better), or undefined when the item has no ratio. */
  ratio?: number;
  goal?: string;
}

export const ROW_MARKER = "BENCH_ROW ";

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export const ms = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : x >= 10 ? `${x.toFixed(0)} ms` : `${x.toFixed(2)} ms`);

/** Print an item's row for a reader and, marked, for the suite. */
export function emit(row: BenchRow): void {
  const ratio = row.ratio === undefined ? "" : `, ratio ${row.ratio.toFixed(2)}x${row.goal ? ` (goal ${row.goal})` : ""}`;
  console.log(`  => ${row.item}: ${row.figure} against ${row.baseline}${ratio}`);
  console.log(`${ROW_MARKER}${JSON.stringify(row)}`);
}

/** Wall-clock ms of one child process (spawned synchronously); throws if it fails. */
export function timeProcess(argv: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): number {
  const start = performance.now();
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd, env, encoding: "utf8", maxBuffer: 1 << 28 });
  const elapsed = performance.now() - start;
  if (r.status !== 0) throw new Error(`${argv.join(" ")} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  return elapsed;
}

/**
 * Alternate the commands A/B/A/B... `runs` times after one warm-up each (file cache), returning every
 * command's median wall-clock ms.
 */
export function alternate(commands: Record<string, () => number>, runs: number): Record<string, number> {
  for (const run of Object.values(commands)) run();
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) for (const [name, run] of Object.entries(commands)) times[name]!.push(run());
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
}
