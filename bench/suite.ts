/**
 * npm run bench: every bench item in its own process (so one item's loaded modules and heap do not
 * slow the next), each printing its figure, baseline and ratio; then one table of them all.
 * `npm run bench -- compile cli` runs only the items named. Prints only: timing is never asserted.
 */
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { join } from "node:path";
import { ensureBuilt } from "./built";
import { ROW_MARKER, type BenchRow } from "./report";

const ITEMS = ["compile", "cli", "import", "cdk8s", "simulate", "typecheck", "mocks"] as const;

function runItem(item: string): BenchRow[] {
  console.log(`\n## ${item}`);
  const tsx = join(__dirname, "..", "node_modules", "tsx", "dist", "cli.mjs");
  const r = spawnSync(process.execPath, [tsx, join(__dirname, `${item}.ts`)], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const rows: BenchRow[] = [];
  for (const line of r.stdout.split("\n")) {
    if (line.startsWith(ROW_MARKER)) rows.push(JSON.parse(line.slice(ROW_MARKER.length)) as BenchRow);
    else if (line !== "") console.log(line);
  }
  if (r.status !== 0) rows.push({ item, figure: `failed (exit ${r.status})`, baseline: "-" });
  return rows;
}

function table(rows: BenchRow[]): string {
  const head = ["item", "polyscale", "baseline", "ratio", "goal"];
  const body = rows.map((r) => [r.item, r.figure, r.baseline, r.ratio === undefined ? "-" : `${r.ratio.toFixed(2)}x`, r.goal ?? "-"]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n");
}

const wanted = process.argv.slice(2);
const loadBefore = loadavg();
ensureBuilt(); // once: every item measures the built package
const rows = ITEMS.filter((i) => wanted.length === 0 || wanted.includes(i)).flatMap(runItem);
const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(", ");
console.log(`\n## summary (load average before: ${load(loadBefore)}; after: ${load(loadavg())}; ratio = polyscale / baseline)\n`);
console.log(table(rows));
