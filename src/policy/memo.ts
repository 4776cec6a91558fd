/** Texts longer than this are checked every time (keeping them would hold large strings alive). */
const MAX_KEY = 4096;

/**
 * A pure check of a string, remembered by its text: policies repeat the same queries, templates and
 * time zones, and a parse is far dearer than a Map lookup. Holds at most `limit` texts (oldest dropped),
 * and only those whose result `keep` accepts (e.g. not a URL found to carry a credential).
 */
export function memoByText<T>(check: (text: string) => T, limit = 1024, keep: (value: T) => boolean = () => true): (text: string) => T {
  const seen = new Map<string, T>();
  return (text) => {
    if (seen.has(text)) return seen.get(text) as T;
    const value = check(text);
    if (text.length <= MAX_KEY && keep(value)) {
      if (seen.size >= limit) seen.delete(seen.keys().next().value as string);
      seen.set(text, value);
    }
    return value;
  };
}
