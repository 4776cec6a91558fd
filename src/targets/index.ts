import type { PlatformName, PlatformTarget } from "./types";

/**
 * Targets are loaded on demand, so rendering for one platform never loads another's code.
 * Each target module exports `target: PlatformTarget`.
 */
export function loadTarget(platform: PlatformName): PlatformTarget {
  switch (platform) {
    case "kubernetes":
      return (require("./kubernetes") as typeof import("./kubernetes")).target;
    case "ecs":
      return (require("./ecs") as typeof import("./ecs")).target;
    case "container-apps":
      return (require("./container-apps") as typeof import("./container-apps")).target;
    case "cloud-run":
      return (require("./cloud-run") as typeof import("./cloud-run")).target;
    default: {
      const never: never = platform;
      throw new Error(`unknown platform ${String(never)}`);
    }
  }
}

export * from "./types";
