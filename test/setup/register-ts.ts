// ScaledService requires platform adapters on demand (so programs load only one cloud SDK). Under
// vitest those `require` calls go to Node's own loader; let it load TypeScript sources.
require("tsx/cjs");
