import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A real Prometheus (Debian `prometheus`) on 127.0.0.1 at a free port, serving series backfilled from an
 * OpenMetrics text with `promtool tsdb create-blocks-from openmetrics`, in a temporary storage directory.
 * `stop()` ends the server and removes the directory.
 */
export interface PrometheusServer {
  url: string;
  stop: () => Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export async function startPrometheus(openMetrics: string): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), "polyscale-prom-"));
  writeFileSync(join(dir, "data.om"), openMetrics);
  execFileSync("promtool", ["tsdb", "create-blocks-from", "openmetrics", join(dir, "data.om"), join(dir, "data")], { stdio: "pipe" });
  writeFileSync(join(dir, "prometheus.yml"), "global:\n  scrape_interval: 1h\n");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = spawn("prometheus", [`--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "data")}`, "--storage.tsdb.retention.time=100y", `--web.listen-address=127.0.0.1:${port}`], { stdio: "ignore" });
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill();
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`prometheus did not become ready at ${url}`);
}
