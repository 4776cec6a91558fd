import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { main } from "../../src/cli/main";
import { PLAN_MARKER } from "../../src/cli/plan";

const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "bin", "polyscale.js");
const SEED = (f: string) => join(ROOT, "examples", "seeds", f);
const tmp = (p: string) => mkdtempSync(join(tmpdir(), `polyscale-${p}-`));
const BAD_POLICY = "service: shop\nscaling:\n  replicas: { min: 5, max: 2 }\n  metrics: [{ cpu: { utilization: 50 } }]\n";

async function run(argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

function cli(args: string[], input?: string) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", input, maxBuffer: 64 * 1024 * 1024 });
}

/** stdout through a pipe, read chunk by chunk as `| cat` would. */
function piped(args: string[]): Promise<{ code: number | null; out: Buffer }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "ignore"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out: Buffer.concat(chunks) }));
  });
}

/** stdout redirected to a file (`> file`): file writes are synchronous in Node, so nothing is lost. */
function toFile(args: string[], file: string): number | null {
  const fd = openSync(file, "w");
  try {
    return spawnSync(process.execPath, [BIN, ...args], { stdio: ["ignore", fd, "ignore"] }).status;
  } finally {
    closeSync(fd);
  }
}

function bigPolicyFile(services: number): string {
  const lines = ["services:"];
  for (let i = 0; i < services; i++) {
    lines.push(`  - service: svc-${i}`, "    scaling:", `      replicas: { min: 2, max: ${10 + (i % 7)} }`, `      metrics: [{ cpu: { utilization: ${50 + (i % 30)} } }]`);
  }
  const file = join(tmp("big"), "services.yaml");
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

describe("output is never truncated", () => {
  it("a 3,000-service file rendered through a pipe is byte for byte the output written to a file", async () => {
    const policy = bigPolicyFile(3000);
    const file = join(tmp("out"), "rendered.yaml");
    expect(toFile(["render", policy, "-p", "kubernetes"], file)).toBe(0);
    const written = readFileSync(file);
    const { code, out } = await piped(["render", policy, "-p", "kubernetes"]);
    expect(code).toBe(0);
    expect(out.length).toBe(written.length);
    expect(out.equals(written)).toBe(true);
    // Far beyond a pipe's 64 KiB buffer, and every service is there.
    expect(out.length).toBeGreaterThan(1024 * 1024);
    const docs = parseAllDocuments(out.toString("utf8")).map((d) => d.toJS());
    expect(docs).toHaveLength(3000);
    expect(docs[2999].metadata.name).toBe("svc-2999-hpa");
  });

  it("the JSON format through a pipe parses whole", async () => {
    const { code, out } = await piped(["render", bigPolicyFile(3000), "-p", "k8s", "-f", "json"]);
    expect(code).toBe(0);
    expect((JSON.parse(out.toString("utf8")) as unknown[]).length).toBe(3000);
  });
});

describe("exit codes: 1 invalid input, 2 usage", () => {
  it.each([
    ["an invalid policy", BAD_POLICY, "scaling.replicas.max"],
    ["YAML the parser refuses", "service: [\n", "bad.yaml"],
  ])("%s exits 1, names the field or file, nothing on stdout, no stack trace", (_what, text, named) => {
    const file = join(tmp("bad"), "bad.yaml");
    writeFileSync(file, text);
    const r = cli(["render", file, "-p", "kubernetes"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(named);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("a missing file exits 1 naming it", () => {
    const r = cli(["render", "/nonexistent/policy.yaml", "-p", "kubernetes"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("error: cannot read /nonexistent/policy.yaml: no such file\n");
  });

  it.each([
    [["render", SEED("rider-api.yaml")], "required option '-p, --platform <platform>' not specified"],
    [["render", SEED("rider-api.yaml"), "-p", "kubernetes", "--bogus"], "unknown option '--bogus'"],
    [["render", "-p", "k8s"], "missing required argument 'file'"],
    [["rendr"], "unknown command 'rendr'"],
    [["render", SEED("rider-api.yaml"), "-p", "kubernetes", "-f", "xml"], "Allowed choices are yaml, json"],
    [["render", SEED("rider-api.yaml"), "-p", "openshift"], '--platform must be one of kubernetes (k8s), ecs (aws), container-apps (azure), cloud-run (gcp); got "openshift"'],
    [["render", SEED("rider-api.yaml"), "-p", "kubernetes", "-s", "nope"], 'no service "nope"'],
    [["plan", SEED("rider-api.yaml")], "plan FILE needs --platform"],
  ])("usage error %j exits 2", async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain(message);
  });

  it("--help exits 0", async () => {
    const r = await run(["render", "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("- reads stdin");
  });
});

describe("conventions", () => {
  it("--version and -V print package.json's version", async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    const r = cli(["--version"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${version}\n`);
    expect((await run(["-V"])).out).toBe(`${version}\n`);
  });

  it("`-` reads the policy from stdin (render, lint, simulate)", () => {
    const text = readFileSync(SEED("rider-api.yaml"), "utf8");
    const fromFile = cli(["render", SEED("rider-api.yaml"), "-p", "kubernetes"]);
    const fromStdin = cli(["render", "-", "-p", "kubernetes"], text);
    expect(fromStdin.status).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
    expect(fromStdin.stdout).toContain("kind: HorizontalPodAutoscaler");
    const lint = cli(["lint", "-", "--format", "json"], text);
    expect(lint.status).toBe(0);
    expect(JSON.parse(lint.stdout).results).toEqual([expect.objectContaining({ service: "rider-api", platform: "kubernetes", ok: true })]);
    const sim = cli(["simulate", "-", "-p", "k8s", "-t", join(ROOT, "examples", "traces", "rider-api-friday-surge.csv"), "--json"], text);
    expect(sim.status, sim.stderr).toBe(0);
    expect(JSON.parse(sim.stdout).summary).toBeDefined();
  });

  it("lint --format json lists every service x platform with its errors, exit 1 when one is refused", async () => {
    const r = await run(["lint", SEED("membrane-kubernetes-keda.yaml"), "-p", "k8s", "gcp", "--format", "json"]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { ok: boolean; results: Array<{ service: string; platform: string; ok: boolean; errors: Array<{ path: string; message: string }> }> };
    expect(report.ok).toBe(false);
    const byKey = new Map(report.results.map((x) => [`${x.service}@${x.platform}`, x]));
    expect(byKey.get("instant-tasks-worker@kubernetes")!.ok).toBe(true);
    const refused = byKey.get("instant-tasks-worker@cloud-run")!;
    expect(refused.ok).toBe(false);
    expect(refused.errors[0]).toMatchObject({ path: "scaling.metrics[0].queue" });
    expect(refused.errors[0]!.message).toContain("not supported on cloud-run");
  });

  it("lint --format json reports an invalid file as JSON too", async () => {
    const file = join(tmp("lintbad"), "bad.yaml");
    writeFileSync(file, BAD_POLICY);
    const r = await run(["lint", file, "--format", "json"]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report.ok).toBe(false);
    expect(report.errors.map((e: { path: string }) => e.path)).toContain("scaling.replicas.max");
  });

  it.each([
    ["k8s", "kubernetes", "membrane-kubernetes-hpa.yaml"],
    ["aws", "ecs", "membrane-ecs-api.yaml"],
    ["azure", "container-apps", "membrane-container-apps-api.yaml"],
    ["gcp", "cloud-run", "membrane-cloud-run-api.yaml"],
  ])("platform alias %s renders exactly what %s does", async (alias, platform, seed) => {
    const a = await run(["render", SEED(seed), "-p", alias]);
    const b = await run(["render", SEED(seed), "-p", platform]);
    expect(b.code).toBe(0);
    expect(a).toEqual(b);
  });

  it.each([
    ["kubernets", "kubernetes"],
    ["cloudrun", "cloud-run"],
    ["azur", "azure"],
  ])("a near miss %s suggests %s", async (given, suggestion) => {
    const r = await run(["lint", SEED("rider-api.yaml"), "-p", given]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`(did you mean "${suggestion}"?)`);
  });
});

describe("plan -o never deletes what polyscale did not create", () => {
  const plan = (out: string) => cli(["plan", SEED("membrane-kubernetes-hpa.yaml"), "-p", "k8s", "--json", "-o", out]);

  it("refuses a non-empty folder without polyscale's marker and leaves it as it was", () => {
    const dir = tmp("foreign");
    writeFileSync(join(dir, "notes.txt"), "mine");
    const r = plan(dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("is not empty and was not written by polyscale plan");
    expect(readdirSync(dir)).toEqual(["notes.txt"]);
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("mine");
  });

  it("refuses a file", () => {
    const file = join(tmp("file"), "plan.json");
    writeFileSync(file, "{}");
    expect(plan(file).status).toBe(2);
    expect(readFileSync(file, "utf8")).toBe("{}");
  });

  it("writes into a new folder, then replaces only its own files", () => {
    const dir = join(tmp("own"), "plan");
    const first = plan(dir);
    expect(first.status, first.stderr).toBe(0);
    const resources = JSON.parse(first.stdout) as unknown[];
    const own = readdirSync(dir).filter((f) => f !== PLAN_MARKER).sort();
    expect(own).toHaveLength(resources.length);
    expect(JSON.parse(readFileSync(join(dir, PLAN_MARKER), "utf8")).files.sort()).toEqual(own);
    // Something the user put there later survives the next plan; a stale file of ours does not.
    writeFileSync(join(dir, "README.txt"), "kept");
    const marker = JSON.parse(readFileSync(join(dir, PLAN_MARKER), "utf8"));
    writeFileSync(join(dir, "999-stale.json"), "{}");
    writeFileSync(join(dir, PLAN_MARKER), JSON.stringify({ ...marker, files: [...marker.files, "999-stale.json"] }));
    expect(plan(dir).status).toBe(0);
    expect(readFileSync(join(dir, "README.txt"), "utf8")).toBe("kept");
    expect(existsSync(join(dir, "999-stale.json"))).toBe(false);
    expect(readdirSync(dir).filter((f) => f !== PLAN_MARKER && f !== "README.txt").sort()).toEqual(own);
  });

  it("writes into an empty folder", () => {
    const dir = tmp("empty");
    mkdirSync(dir, { recursive: true });
    expect(plan(dir).status).toBe(0);
    expect(existsSync(join(dir, PLAN_MARKER))).toBe(true);
  });
});
