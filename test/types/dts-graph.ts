import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

/**
 * Walk the declaration files reachable from each entry (import/export declarations, `import("...")` types,
 * `/// <reference>`s) through relative specifiers, and report every path that ends in an import of `zod`.
 * Bare specifiers other than zod are not followed: they are third-party packages, and zod is a dependency
 * of polyscale alone (npm ls zod), so it can only be reached through polyscale's own declarations.
 */
export function zodImportChains(outDir: string, entries: Record<string, string>, packages: readonly string[] = ["zod"]): string[] {
  const found: string[] = [];
  for (const [entry, file] of Object.entries(entries)) {
    const seen = new Set<string>();
    const stack: Array<{ file: string; chain: string[] }> = [{ file, chain: [entry] }];
    while (stack.length > 0) {
      const { file: at, chain } = stack.pop()!;
      if (seen.has(at)) continue;
      seen.add(at);
      const info = ts.preProcessFile(readFileSync(at, "utf8"), true, true);
      const here = [...chain, relative(outDir, at)];
      for (const ref of [...info.importedFiles, ...info.referencedFiles, ...info.typeReferenceDirectives]) {
        const spec = ref.fileName;
        if (packages.some((p) => spec === p || spec.startsWith(`${p}/`))) found.push([...here, `"${spec}"`].join(" -> "));
        else if (spec.startsWith(".")) {
          const next = resolveDts(dirname(at), spec);
          if (next) stack.push({ file: next, chain: here });
          else found.push([...here, `unresolved "${spec}"`].join(" -> "));
        }
      }
    }
  }
  return found;
}

function resolveDts(dir: string, spec: string): string | undefined {
  const base = resolve(dir, spec.replace(/\.(c|m)?js$/, ""));
  return [`${base}.d.ts`, join(base, "index.d.ts"), base].find((f) => f.endsWith(".d.ts") && existsSync(f));
}
