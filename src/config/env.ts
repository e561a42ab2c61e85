/** The process environment as main passes it in, and one problem with it. */
export type Env = Readonly<Record<string, string | undefined>>;

export interface ConfigProblem {
  /** The environment variable at fault. */
  field: string;
  /** What is wrong and what to do about it. */
  message: string;
}

/** A variable's value, trimmed; undefined when unset or blank. */
export function readSetting(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}
