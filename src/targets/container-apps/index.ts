import type { PlatformTarget } from "../types";
import { METRIC_KIND_NAMES } from "../../policy/metrics";

// Placeholder until the container-apps target lands: every metric reported unsupported.
export const target: PlatformTarget = {
  name: "container-apps",
  title: "container-apps",
  capabilities: Object.fromEntries(METRIC_KIND_NAMES.map((k) => [k, { supported: false, alternative: "not implemented yet" }])) as PlatformTarget["capabilities"],
  render() {
    throw new Error("the container-apps target is not implemented yet");
  },
};
