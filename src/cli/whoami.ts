import { userInfo } from 'node:os';

/** Who is at the terminal, for the audit log: the login name, or `operator` when the system cannot say. */
export function terminalUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'operator';
  }
}
