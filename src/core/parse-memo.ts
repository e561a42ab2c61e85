/**
 * The last parse of each input file, reused while its text is unchanged. Files that are read again on
 * every call so an edit is seen at once (the windows file, a window's procedure) are parsed again only when
 * their text changed: a procedure's YAML and schema check hold the event loop for 10-100 ms, and the bot
 * reads the procedure for every view of a window it renders (each host that finishes refreshes one).
 * Callers share the parsed value and must not change it.
 */
const MAX_FILES = 64;

export function memoizeParse<T>(parse: (text: string, file: string) => T): (text: string, file: string) => T {
  const last = new Map<string, { text: string; result: T }>();
  return (text, file) => {
    const hit = last.get(file);
    if (hit?.text === text) return hit.result;
    const result = parse(text, file);
    last.delete(file);
    last.set(file, { text, result });
    // Oldest first out: a long-lived bot that reads many files keeps only the recent ones.
    if (last.size > MAX_FILES) last.delete(last.keys().next().value as string);
    return result;
  };
}
