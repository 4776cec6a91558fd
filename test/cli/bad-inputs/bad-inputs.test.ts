import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The bad-input corpus: every file here is a realistic mistake or a hostile input, run through the CLI as
 * a subprocess (`render FILE -p P` and `lint FILE -p P`). Each must exit 1, print nothing on stdout, print
 * one message per problem naming its field path (or its file and line for YAML errors), no stack trace,
 * each message under 1 KB. `expected.json` gives, per file, the platform and the expected problems:
 * a field path (`scaling.replicas.max`, `(policy)` for the whole document), `:N` for a YAML error at
 * line N of the file, or `:` for an error naming the file without a line (alias bomb, encoding).
 *
 * Speed: spawning `node bin/polyscale.js` costs ~0.5 s of module loading through tsx on this machine, so
 * the corpus runs the same entry (src/cli/main.ts) bundled once by esbuild (tsx's own compiler); a few
 * files and the valid list also run through bin/polyscale.js, so the two are the same CLI.
 */

const ROOT = join(__dirname, "..", "..", "..");
const HERE = __dirname;
const BIN = join(ROOT, "bin", "polyscale.js");

interface Expectation {
  why?: string;
  platform: string;
  expect: string[];
}

const EXPECTED = JSON.parse(readFileSync(join(HERE, "expected.json"), "utf8")) as Record<string, Expectation>;

/** Hostile bytes, written in the test setup rather than committed as binaries. */
function hostileFiles(dir: string): Record<string, Expectation & { bytes: Buffer }> {
  const base = "service: shop\nnamespace: prod\nscaling:\n  replicas: { min: 2, max: 10 }\n  metrics:\n    - cpu: { utilization: 60 }\n";
  const png = Buffer.alloc(512);
  for (let i = 0; i < png.length; i++) png[i] = (i * 131 + 7) % 256;
  return {
    "non-utf8-latin1.yaml": { platform: "kubernetes", expect: [":"], bytes: Buffer.concat([Buffer.from("service: shop\nnamespace: pr"), Buffer.from([0xf6]), Buffer.from("d\nvertical: { updateMode: Off }\n")]) },
    "non-utf8-truncated-sequence.yaml": { platform: "kubernetes", expect: [":"], bytes: Buffer.concat([Buffer.from(base), Buffer.from("# caf"), Buffer.from([0xc3])]) },
    "utf16le-with-bom.yaml": { platform: "kubernetes", expect: [":"], bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(base, "utf16le")]) },
    "binary-png.yaml": { platform: "kubernetes", expect: [":"], bytes: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), png]) },
    "nul-byte-in-value.yaml": { platform: "kubernetes", expect: ["service"], bytes: Buffer.from("service: sh\u0000op\nvertical: { updateMode: Off }\n") },
    "value-100kb.yaml": { platform: "kubernetes", expect: ["service"], bytes: Buffer.from(base.replace("service: shop", `service: "${"x".repeat(100_000)}"`)) },
    "escape-sequences-in-value.yaml": { platform: "kubernetes", expect: ["namespace"], bytes: Buffer.from(base.replace("namespace: prod", `namespace: "\u001b]0;pwned\u0007\u001b[2J"`)) },
    "deeply-nested.json": { platform: "kubernetes", expect: [":1"], bytes: Buffer.from(`{"service": "shop", "vertical": ${"[".repeat(5000)}${"]".repeat(5000)}}`) },
  };
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(argv: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Run jobs two at a time (the machine has 2 cores). */
async function pool<T, R>(items: T[], fn: (t: T) => Promise<R>, width = 2): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  }));
  return out;
}

/** The problem lines of a PolicyError as the CLI prints it: ` - <path>: <message>`. */
function problems(stderr: string): string[] {
  return stderr.split("\n").filter((l) => l.startsWith(" - "));
}

/** The contract every bad input meets; returns what is wrong, so one failure lists every file's problems. */
function violations(file: string, name: string, e: Expectation, r: Run): string[] {
  const bad: string[] = [];
  if (r.code !== 1) bad.push(`exit ${r.code}, expected 1`);
  if (r.stdout !== "") bad.push(`printed on stdout: ${JSON.stringify(r.stdout.slice(0, 200))}`);
  if (/^\s+at /m.test(r.stderr) || /TypeError|ReferenceError|RangeError/.test(r.stderr)) bad.push("printed a stack trace or an internal error");
  // No raw control bytes reach the terminal: only newlines (control bytes in values are shown as \u escapes).
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(r.stderr)) bad.push("printed raw control bytes");
  if (/SECRET/.test(r.stderr)) bad.push("echoed a credential");
  const lines = problems(r.stderr);
  for (const l of lines) if (Buffer.byteLength(l) >= 1024) bad.push(`a message of ${Buffer.byteLength(l)} bytes: ${l.slice(0, 120)}…`);
  if (lines.length !== e.expect.length) bad.push(`${lines.length} problem line(s), expected ${e.expect.length} (${e.expect.join(", ")})`);
  for (const want of e.expect) {
    const hit = want.startsWith(":")
      ? lines.some((l) => l.includes(`${file}${want === ":" ? ": " : `${want}:`}`))
      : lines.some((l) => l.startsWith(` - ${want}: `));
    if (!hit) bad.push(`no problem line for ${want === ":" ? `${name} (file)` : want.startsWith(":") ? `${name}${want}` : want}`);
  }
  return bad.length === 0 ? [] : [`${name} (${e.platform}): ${bad.join("; ")}\n${r.stderr.split("\n").slice(0, 8).map((l) => `    | ${l.slice(0, 200)}`).join("\n")}`];
}

let cli: string;
let hostileDir: string;
let corpus: Array<{ name: string; file: string; e: Expectation }>;

beforeAll(async () => {
  // tsx's esbuild, resolved from tsx, bundles the CLI entry once; packages stay external (node_modules).
  const { buildSync } = createRequire(require.resolve("tsx/package.json"))("esbuild") as typeof import("esbuild");
  const outDir = join(ROOT, "node_modules", ".cache", "polyscale-bad-inputs");
  mkdirSync(outDir, { recursive: true });
  cli = join(outDir, `main-${process.pid}.js`);
  buildSync({ entryPoints: [join(ROOT, "src", "cli", "main.ts")], bundle: true, platform: "node", format: "cjs", packages: "external", outfile: cli, logLevel: "warning" });
  hostileDir = mkdtempSync(join(tmpdir(), "polyscale-bad-inputs-"));
  const hostile = hostileFiles(hostileDir);
  for (const [name, h] of Object.entries(hostile)) writeFileSync(join(hostileDir, name), h.bytes);
  corpus = [
    ...Object.entries(EXPECTED).map(([name, e]) => ({ name, file: join("test", "cli", "bad-inputs", name), e })),
    ...Object.entries(hostile).map(([name, h]) => ({ name, file: join(hostileDir, name), e: h })),
  ];
});

afterAll(() => {
  rmSync(hostileDir, { recursive: true, force: true });
  rmSync(cli, { force: true });
});

describe("bad-input corpus through the CLI", () => {
  it("has at least 100 committed files, each listed in expected.json", () => {
    const files = readdirSync(HERE).filter((f) => /\.(ya?ml|json)$/.test(f) && f !== "expected.json");
    expect(files.length).toBeGreaterThanOrEqual(100);
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it("render: each file exits 1 with one message per problem naming its path, nothing on stdout, no stack", async () => {
    const runs = await pool(corpus, (c) => run([cli, "render", c.file, "-p", c.e.platform]));
    const bad = corpus.flatMap((c, i) => violations(c.file, c.name, c.e, runs[i]!));
    expect(bad, bad.join("\n")).toEqual([]);
  }, 600_000);

  it("lint: the same contract", async () => {
    const runs = await pool(corpus, (c) => run([cli, "lint", c.file, "-p", c.e.platform]));
    const bad = corpus.flatMap((c, i) => violations(c.file, c.name, c.e, runs[i]!));
    expect(bad, bad.join("\n")).toEqual([]);
  }, 600_000);

  it("bin/polyscale.js (the installed command) gives the same result as the bundled entry", async () => {
    const sample = corpus.filter((c) => /^(yaml-alias-bomb|credentials-default-server-address|min-gt-max-and-stabilization|non-utf8-latin1|vpa-container-name-100k)\./.test(c.name));
    expect(sample).toHaveLength(5);
    const runs = await pool(sample, (c) => run([BIN, "render", c.file, "-p", c.e.platform]));
    const bad = sample.flatMap((c, i) => violations(c.file, c.name, c.e, runs[i]!));
    expect(bad, bad.join("\n")).toEqual([]);
  }, 120_000);
});

describe("valid inputs beside the corpus", () => {
  const VALID = join(HERE, "valid");
  const files = readdirSync(VALID).sort();

  it("BOM, CRLF, -0 and the HPA selectPolicy spelling are valid: exit 0, output without -0", async () => {
    expect(files).toEqual(expect.arrayContaining(["bom.yaml", "crlf.yaml", "bom-crlf.json", "negative-zero.yaml", "select-policy-hpa-spelling.yaml"]));
    const runs = await pool(files, (f) => run([BIN, "render", join(VALID, f), "-p", "kubernetes"]));
    const bad = files.flatMap((f, i) => {
      const r = runs[i]!;
      const problems = [
        ...(r.code === 0 ? [] : [`exit ${r.code}: ${r.stderr.slice(0, 400)}`]),
        ...(r.stdout.includes("kind: HorizontalPodAutoscaler") || r.stdout.includes("kind: ScaledObject") ? [] : ["no autoscaler rendered"]),
        ...(/(^|[\s:[,])-0(\.0+)?\s*$/m.test(r.stdout) ? ["-0 in the output"] : []),
      ];
      return problems.map((p) => `${f}: ${p}`);
    });
    expect(bad, bad.join("\n")).toEqual([]);
  }, 120_000);
});
