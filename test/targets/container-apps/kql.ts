import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { FIXTURES } from "./schema";

/**
 * KQL checked with Microsoft's Kusto language service (`@kusto/language-service-next`, the Kusto.Language parser and
 * binder compiled to JavaScript), against a database holding the Container Apps system log tables
 * (test/fixtures/container-apps/container-app-system-logs.columns.json): syntax, tables, columns and functions.
 */
const require = createRequire(__filename);
require("@kusto/language-service-next/bridge.js");
require("@kusto/language-service-next/Kusto.Language.Bridge.js");
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const K = (globalThis as any).Kusto.Language;

const TABLES: Record<string, { name: string; type: string }[]> = JSON.parse(readFileSync(join(FIXTURES, "container-app-system-logs.columns.json"), "utf8"));

function globalsWith(tables: string[]) {
  const symbols = tables.map((t) => new K.Symbols.TableSymbol.$ctor7(t, `(${TABLES[t]!.map((c) => `${c.name}:${c.type}`).join(", ")})`, ""));
  return K.GlobalState.Default.WithDatabase(new K.Symbols.DatabaseSymbol.$ctor2("workspace", null, symbols));
}
const BOTH = globalsWith(Object.keys(TABLES));

/** The language service's diagnostics for `query` ("Error <message> @<offset>"); empty when the query binds. */
export function kqlDiagnostics(query: string, tables?: string[]): string[] {
  const code = K.KustoCode.ParseAndAnalyze(query, tables ? globalsWith(tables) : BOTH);
  const d = code.GetDiagnostics();
  const out: string[] = [];
  for (let i = 0; i < d.Count; i++) {
    const x = d.getItem(i);
    out.push(`${x.Severity} ${x.Message} @${x.Start}`);
  }
  return out;
}
