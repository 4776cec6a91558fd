#!/usr/bin/env node
// Consumer check (run by .ci/run): polyscale as a user meets it.
// `npm pack` from the checkout, then two throw-away Pulumi projects (Pulumi's stock 2026 tsconfig, and the
// older commonjs/node one), each installing the tarball plus @pulumi/pulumi, @pulumi/kubernetes,
// @pulumi/aws, typescript, vitest and @types/node. Each project must: type-check with the stock tsconfig
// (no skipLibCheck / esModuleInterop added); refuse a typo in a plain policy object; type-check a 2-line
// program without loading zod's declarations; pass docs/testing.md's vitest example under the mocks;
// pass `npx polyscale plan --dir .`. A third project with only @pulumi/pulumi checks that the root entry
// needs no provider SDK. Sources: test/consumer/. Exit 1 on the first failure.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import Module from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const SOURCES = join(ROOT, "test", "consumer");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const dev = pkg.devDependencies;
const work = mkdtempSync(join(tmpdir(), "polyscale-consumer-"));
const keep = process.env.POLYSCALE_KEEP_CONSUMER === "1";

function fail(message, detail = "") {
  console.error(`consumer check FAILED: ${message}${detail ? `\n${detail.trim().split("\n").slice(-40).join("\n")}` : ""}`);
  console.error(`(projects kept in ${work})`);
  process.exit(1);
}

/** Run a command; returns stdout+stderr; fails the check unless the exit status is `expect`. */
function run(cwd, cmd, args, { expect = 0, input, env = {} } = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", input, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: "false", ...env } });
  const out = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  if (expect === "fail" ? r.status === 0 : r.status !== expect) fail(`${cmd} ${args.join(" ")} in ${cwd} exited ${r.status}`, out);
  return out;
}

function check(condition, message, detail) {
  if (!condition) fail(message, detail);
}

/** The vitest example of docs/testing.md (the ```ts block after `<!-- consumer-check: index.test.ts -->`). */
function docExample() {
  const doc = readFileSync(join(ROOT, "docs", "testing.md"), "utf8");
  const m = /<!-- consumer-check: index\.test\.ts -->\s*```ts\n([\s\S]*?)```/.exec(doc);
  check(m, "docs/testing.md has no `<!-- consumer-check: index.test.ts -->` example");
  return m[1];
}

/**
 * Node 20: the installed bin loads its bundle with V8's code cache (bin/load-bundle.js). The first run writes
 * it, the next reads it without rewriting it (V8 accepted it), and the output is the same without the cache.
 */
function codeCacheCheck(dir) {
  const cacheDir = join(dir, ".compile-cache");
  const input = "service: api\nscaling:\n  replicas: { min: 2, max: 5 }\n  metrics: [{ cpu: { utilization: 70 } }, { requestRate: { perReplica: 50, from: { prometheus: { query: 'sum(rate(http_requests_total[2m]))', serverAddress: 'http://prometheus.monitoring:9090' } } } }]\n";
  const render = (env) => run(dir, "npx", ["polyscale", "render", "-", "-p", "k8s"], { input, env });
  const first = render({ NODE_COMPILE_CACHE: cacheDir });
  const files = readdirSync(cacheDir).filter((f) => f.endsWith(".jsc"));
  check(files.length === 1, `the first run of the installed bin wrote ${files.length} code caches to NODE_COMPILE_CACHE, not 1`, files.join("\n"));
  const written = statSync(join(cacheDir, files[0])).mtimeMs;
  const second = render({ NODE_COMPILE_CACHE: cacheDir });
  check(statSync(join(cacheDir, files[0])).mtimeMs === written, "the second run rewrote the code cache: V8 refused the one the first run wrote");
  const uncached = render({ NODE_DISABLE_COMPILE_CACHE: "1" });
  check(first === second && second === uncached, "the render differs with and without the code cache", `${first}\n---\n${uncached}`);
  // A cache is code the CLI runs: never read from, or written to, a directory others can write to.
  const shared = join(dir, ".shared-cache");
  mkdirSync(shared, { mode: 0o777 });
  chmodSync(shared, 0o777);
  const fromShared = render({ NODE_COMPILE_CACHE: shared });
  check(readdirSync(shared).length === 0 && fromShared === uncached, "the installed bin used a world-writable code cache directory", readdirSync(shared).join("\n"));
  console.log(`code cache: written once (${files[0]}), then read; the same render without it; a world-writable directory is not used`);
}

// 1. The tarball, and what it holds.
console.log("--- npm pack");
const packOut = execFileSync("npm", ["pack", "--json", "--pack-destination", work], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
const packed = JSON.parse(packOut.slice(packOut.indexOf("[")))[0];
const tarball = join(work, packed.filename);
const files = new Set(packed.files.map((f) => f.path));
for (const [sub, target] of Object.entries(pkg.exports)) {
  for (const file of typeof target === "string" ? [target] : Object.values(target)) {
    check(files.has(file.replace(/^\.\//, "")), `the tarball lacks ${file} (exports ${sub})`);
  }
}
for (const [sub, [file]] of Object.entries(pkg.typesVersions["*"])) check(files.has(file), `the tarball lacks ${file} (typesVersions ${sub})`);
const stray = [...files].filter((f) => /^(src|test|examples|stacks|scripts|bench)\//.test(f) || (/\.ts$/.test(f) && !f.endsWith(".d.ts")));
check(stray.length === 0, "the tarball ships sources or tests", stray.join("\n"));
check(files.has("LICENSE") && files.has("bin/polyscale.js"), "the tarball lacks LICENSE or the bin");
for (const f of ["bin/load-bundle.js", "dist/cli.js", "dist/cli.js.sha256"]) check(files.has(f), `the tarball lacks ${f} (the installed CLI)`);
// The keda metric kind reads KEDA's scalers schema at run time (src/sources/keda/index.ts).
for (const data of ["scalers-schema.json", "scaler-go-facts.json"]) check(files.has(`dist/src/sources/keda/${data}`), `the tarball lacks dist/src/sources/keda/${data}`);
console.log(`${packed.filename}: ${files.size} files`);

// 2. Two projects, one per stock tsconfig.
const projectPackage = (name) => ({
  name,
  private: true,
  main: "index.ts",
  dependencies: {
    polyscale: `file:${tarball}`,
    "@pulumi/pulumi": dev["@pulumi/pulumi"],
    "@pulumi/kubernetes": dev["@pulumi/kubernetes"],
    "@pulumi/aws": dev["@pulumi/aws"],
  },
  devDependencies: { "@types/node": dev["@types/node"], typescript: dev.typescript, vitest: dev.vitest },
});
const extend = (files, compilerOptions) => `${JSON.stringify({ extends: "./tsconfig.json", ...(compilerOptions ? { compilerOptions } : {}), files }, null, 2)}\n`;

for (const variant of ["nodenext", "node10"]) {
  const dir = join(work, variant);
  console.log(`--- project with the ${variant} stock tsconfig (${dir})`);
  mkdirSync(dir);
  cpSync(join(SOURCES, "project"), dir, { recursive: true });
  cpSync(join(SOURCES, `tsconfig.${variant}.json`), join(dir, "tsconfig.json"));
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(projectPackage(`shop-infra-${variant}`), null, 2)}\n`);
  writeFileSync(join(dir, "index.test.ts"), docExample());
  // vitest's own declarations need node16+ resolution ("vite/module-runner" is an exports subpath), so
  // under node10 the test file is checked with skipLibCheck; polyscale's declarations were checked
  // without it by the program above.
  writeFileSync(join(dir, "tsconfig.test.json"), extend(["index.test.ts"], variant === "node10" ? { skipLibCheck: true } : undefined));
  writeFileSync(join(dir, "tsconfig.two-line.json"), extend(["two-line.ts"]));
  writeFileSync(join(dir, "tsconfig.typo.json"), extend(["typo.ts"]));

  run(dir, "npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"]);
  const pulumiCopies = run(dir, "npm", ["ls", "@pulumi/pulumi", "--all", "--parseable"]).trim().split("\n").filter(Boolean);
  check(new Set(pulumiCopies).size === 1, "more than one @pulumi/pulumi installed", pulumiCopies.join("\n"));

  run(dir, "npx", ["tsc", "--noEmit", "-p", "tsconfig.json"]);
  run(dir, "npx", ["tsc", "--noEmit", "-p", "tsconfig.test.json"]);
  const typo = run(dir, "npx", ["tsc", "--noEmit", "-p", "tsconfig.typo.json"], { expect: "fail" });
  check(/utilisation/.test(typo), "the typo in a plain policy object is not reported by name", typo);
  const listed = run(dir, "npx", ["tsc", "--noEmit", "--listFiles", "-p", "tsconfig.two-line.json"]);
  const zodFiles = listed.split("\n").filter((f) => f.includes("/node_modules/zod/"));
  check(zodFiles.length === 0, `tsc loads zod's declarations for \`import { KubernetesScaling } from "polyscale/kubernetes"\` (${zodFiles.length} files)`, zodFiles.slice(0, 5).join("\n"));
  console.log("tsc: program, test, 2-line program (no zod declarations) pass; the typo is refused");

  const loaded = run(dir, "node", ["-e", "for (const s of ['', '/kubernetes', '/aws', '/presets', '/testing', '/schemas']) require('polyscale' + s); console.log('ok')"]);
  check(loaded.trim() === "ok", "require of polyscale's subpaths failed", loaded);
  check(run(dir, "npx", ["polyscale", "--version"]).trim() === pkg.version, "npx polyscale --version is not package.json's version");
  const rendered = run(dir, "npx", ["polyscale", "render", "-", "-p", "k8s"], { input: "service: api\nscaling:\n  replicas: { min: 2, max: 5 }\n  metrics: [{ cpu: { utilization: 70 } }]\n" });
  check(/kind: HorizontalPodAutoscaler/.test(rendered) && /maxReplicas: 5/.test(rendered), "npx polyscale render - did not print the HPA", rendered);
  const keda = run(dir, "npx", ["polyscale", "render", "-", "-p", "k8s"], { input: "service: api\nscaling:\n  replicas: { min: 1, max: 5 }\n  metrics: [{ keda: { type: nats-jetstream, metadata: { natsServerMonitoringEndpoint: \"nats:8222\", stream: s, consumer: c } } }]\n" });
  check(/type: nats-jetstream/.test(keda), "npx polyscale render - did not print the keda trigger (scalers schema missing from the CLI?)", keda);
  const dashboard = run(dir, "npx", ["polyscale", "render", "-", "-p", "k8s", "--dashboard"], { input: "service: api\nscaling:\n  replicas: { min: 2, max: 5 }\n  metrics: [{ cpu: { utilization: 70 } }]\ndashboard: {}\n" });
  check(Array.isArray(JSON.parse(dashboard).panels), "npx polyscale render --dashboard did not print a Grafana dashboard (the Grafana SDK, external to the bundle, did not load?)", dashboard);
  if (typeof Module.enableCompileCache !== "function") codeCacheCheck(dir);

  const tests = run(dir, "npx", ["vitest", "run", "--reporter=json", "--outputFile=vitest.json"]);
  const report = JSON.parse(readFileSync(join(dir, "vitest.json"), "utf8"));
  check(report.numTotalTests > 0 && report.numFailedTests === 0 && report.numPassedTests === report.numTotalTests, "the docs/testing.md example did not pass", tests);
  console.log(`vitest (docs/testing.md example): ${report.numPassedTests} passed`);

  const plan = run(dir, "npx", ["polyscale", "plan", "--dir", "."]);
  for (const line of [/kubernetes:autoscaling\/v2:HorizontalPodAutoscaler\s+checkout-hpa\s+min 3 max 30; cpu 60%/, /aws:appautoscaling\/target:Target\s+web-target\s+min 2 max 10/]) {
    check(line.test(plan), `npx polyscale plan --dir . lacks ${line}`, plan);
  }
  console.log("npx polyscale plan --dir .: HPA and ECS target planned");
}

// 3. The root entry needs no provider SDK: a project with only @pulumi/pulumi type-checks and loads it.
{
  const dir = join(work, "no-provider");
  console.log(`--- project with no provider SDK (${dir})`);
  mkdirSync(dir);
  cpSync(join(SOURCES, "tsconfig.nodenext.json"), join(dir, "tsconfig.json"));
  writeFileSync(join(dir, "index.ts"), 'import { parsePolicy, ScaledService } from "polyscale";\nexport const api = [parsePolicy, ScaledService];\n');
  const { "@pulumi/kubernetes": _k, "@pulumi/aws": _a, ...deps } = projectPackage("no-provider").dependencies;
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ ...projectPackage("no-provider"), dependencies: deps, devDependencies: { "@types/node": dev["@types/node"], typescript: dev.typescript } }, null, 2)}\n`);
  run(dir, "npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"]);
  run(dir, "npx", ["tsc", "--noEmit", "-p", "tsconfig.json"]);
  const loaded = run(dir, "node", ["-e", "require('polyscale'); console.log(Object.keys(require.cache).some((f) => /node_modules.@pulumi.(kubernetes|aws|azure-native|gcp)/.test(f)) ? 'provider loaded' : 'ok')"]);
  check(loaded.trim() === "ok", "require('polyscale') without provider SDKs failed or loaded one", loaded);
  console.log("tsc and require('polyscale') pass with only @pulumi/pulumi");
}

if (!keep) rmSync(work, { recursive: true, force: true });
console.log("consumer check: all projects pass");
