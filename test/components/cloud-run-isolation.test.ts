import { describe, expect, it } from "vitest";
import { loadedAfter } from "../helpers/loaded-modules";

describe("cloud-run SDK isolation", () => {
  it("the pure target (as `polyscale render --platform cloud-run` loads it) loads no Pulumi package", () => {
    expect(loadedAfter(`require("./src/targets").loadTarget("cloud-run")`)).toEqual([]);
  });

  it("the component loads @pulumi/gcp/cloudrunv2, monitoring's AlertPolicy and Dashboard modules, and nothing else of @pulumi/gcp but its shared utilities", () => {
    const gcp = loadedAfter(`require("./src/components/cloud-run")`).filter((k) => k.startsWith("@pulumi/gcp/"));
    expect(gcp.filter((k) => k.startsWith("@pulumi/gcp/cloudrunv2/")).length).toBeGreaterThan(0);
    expect(gcp.filter((k) => !k.startsWith("@pulumi/gcp/cloudrunv2/")).sort()).toEqual([
      "@pulumi/gcp/monitoring/alertPolicy.js",
      "@pulumi/gcp/monitoring/dashboard.js",
      "@pulumi/gcp/package.json",
      "@pulumi/gcp/utilities.js",
    ]);
  });
});
