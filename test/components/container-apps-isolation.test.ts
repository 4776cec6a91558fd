import { describe, expect, it } from "vitest";
import { loadedAfter } from "../helpers/loaded-modules";

describe("container-apps SDK isolation", () => {
  it("the pure target (as `polyscale render --platform container-apps` loads it) loads no Pulumi package", () => {
    expect(loadedAfter(`require("./src/targets").loadTarget("container-apps")`)).toEqual([]);
  });

  it("the component loads @pulumi/azure-native/app, monitor's MetricAlert and ScheduledQueryRule and applicationinsights' Workbook modules, and nothing else of azure-native but its shared files", () => {
    const az = loadedAfter(`require("./src/components/container-apps")`).filter((k) => k.startsWith("@pulumi/azure-native/"));
    expect(az.filter((k) => k.startsWith("@pulumi/azure-native/app/")).length).toBeGreaterThan(0);
    // The app submodule and its enums (types/enums/app) are the Container App's own.
    expect(az.filter((k) => !k.startsWith("@pulumi/azure-native/app/") && !k.startsWith("@pulumi/azure-native/types/enums/app/")).sort()).toEqual([
      "@pulumi/azure-native/applicationinsights/workbook.js",
      "@pulumi/azure-native/monitor/metricAlert.js",
      "@pulumi/azure-native/monitor/scheduledQueryRule.js",
      "@pulumi/azure-native/package.json",
      "@pulumi/azure-native/utilities.js",
    ]);
  });
});
