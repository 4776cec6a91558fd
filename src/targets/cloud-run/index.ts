import type { PlatformTarget } from "../types";
import { METRIC_KIND_NAMES } from "../../policy/metrics";

// Placeholder until the cloud-run target lands: every metric reported unsupported.
export const target: PlatformTarget = {
  name: "cloud-run",
  title: "cloud-run",
  capabilities: Object.fromEntries(METRIC_KIND_NAMES.map((k) => [k, { supported: false, alternative: "not implemented yet" }])) as PlatformTarget["capabilities"],
  render() {
    throw new Error("the cloud-run target is not implemented yet");
  },
};
