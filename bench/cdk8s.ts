/**
 * Bench item "cdk8s": `polyscale render` (the installed bin, bench/installed.ts) of N rider-api HPAs
 * (examples/seeds/rider-api.yaml without its ServiceMonitor, as a `services:` file) against cdk8s-plus
 * synthesizing the same HPAs and the Deployments they target (bench/cdk8s-synth.ts, compiled to plain JS
 * with esbuild so neither side pays for a TypeScript loader). New processes, alternating, medians; for 1
 * and 1,000 services. cdk8s and cdk8s-plus-33 are devDependencies used only here. Prints only.
 */
import { buildSync } from "esbuild";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { ensureBuilt } from "./built";
import { installCli } from "./installed";
import { alternate, emit, ms, timeProcess } from "./report";

const ROOT = join(__dirname, "..");
const RUNS = Number(process.env.BENCH_CDK8S_RUNS ?? 7);
const work = mkdtempSync(join(tmpdir(), "polyscale-bench-cdk8s-"));

ensureBuilt();
const synth = join(work, "cdk8s-synth.js");
buildSync({ entryPoints: [join(__dirname, "cdk8s-synth.ts")], outfile: synth, bundle: false, platform: "node", format: "cjs", logLevel: "warning" });

const installed = installCli(ROOT, work);
const { monitoring: _monitoring, ...rider } = parse(readFileSync(join(ROOT, "examples", "seeds", "rider-api.yaml"), "utf8")) as Record<string, unknown>;

try {
  for (const services of [1, 1000]) {
    const file = join(work, `rider-${services}.yaml`);
    const list = services === 1 ? [rider] : Array.from({ length: services }, (_, i) => ({ ...rider, service: `rider-api-${i}` }));
    writeFileSync(file, stringify({ services: list }, { aliasDuplicateObjects: false }));
    // cdk8s resolves its packages from the checkout's node_modules, as polyscale's bundle needs none.
    const env = { ...process.env, NODE_PATH: join(ROOT, "node_modules") };
    const t = alternate(
      {
        cdk8s: () => timeProcess([process.execPath, synth, String(services)], ROOT, env),
        polyscale: () => timeProcess([process.execPath, installed.bin, "render", file, "-p", "kubernetes"], ROOT, installed.env),
        uncached: () => timeProcess([process.execPath, installed.bin, "render", file, "-p", "kubernetes"], ROOT, installed.envNoCache),
      },
      RUNS,
    );
    console.log(`render against cdk8s-plus synth, ${services} service(s), median of ${RUNS} alternating runs:`);
    console.log(`  cdk8s-plus-33 synth (HPA + Deployment)  ${ms(t.cdk8s!)}`);
    console.log(`  polyscale render (HPA)                  ${ms(t.polyscale!)}`);
    console.log(`  polyscale render, no code cache         ${ms(t.uncached!)}`);
    emit({ item: `render vs cdk8s-plus, ${services} service${services === 1 ? "" : "s"}`, figure: ms(t.polyscale!), baseline: `cdk8s-plus synth ${ms(t.cdk8s!)}`, ratio: t.polyscale! / t.cdk8s!, goal: "<= 1.0x" });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
