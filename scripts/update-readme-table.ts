import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FEATURE_TABLE_BEGIN, FEATURE_TABLE_END, featureTable } from "../src/targets/feature-table";

const file = join(__dirname, "..", "README.md");
const text = readFileSync(file, "utf8");
const start = text.indexOf(FEATURE_TABLE_BEGIN);
const end = text.indexOf(FEATURE_TABLE_END);
if (start < 0 || end < 0) throw new Error("README.md has no feature-table markers");
writeFileSync(file, text.slice(0, start) + featureTable() + text.slice(end + FEATURE_TABLE_END.length));
console.log("README.md feature table updated");
