import type { PlatformTarget } from "../types";
import { METRIC_KIND_NAMES } from "../../policy/metrics";

// Placeholder: replaced by the Kubernetes compiler.
export const target: PlatformTarget = {
  name: "kubernetes",
  title: "Kubernetes",
  capabilities: Object.fromEntries(METRIC_KIND_NAMES.map((k) => [k, { supported: false, alternative: "not implemented yet" }])) as PlatformTarget["capabilities"],
  render() {
    throw new Error("not implemented yet");
  },
};
