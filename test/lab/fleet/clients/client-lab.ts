/**
 * What the Python client tests share: the Debian python3 and its packages, running a client with the lab's
 * logins in its environment (never on a command line), and one fleet of every seed device.
 */
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startLabFleet, type LabFleet } from '../../../../src/lab/index.js';

// Debian's python3 carries the apt-installed netmiko and ansible; a pyenv python3 earlier on PATH may not.
export const PYTHON = '/usr/bin/python3';
export const CLIENTS = fileURLToPath(new URL('./', import.meta.url));

export function hasPythonModule(module: string): boolean {
  return spawnSync(PYTHON, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;
}

export function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

export function runClient(
  file: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { env: { ...process.env, ...env }, timeout: 420_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) || 1 : 0, stdout, stderr }),
    );
  });
}

/** Every seed device, at real sizes (nothing is staged), and LAB_DEVICES for the clients. */
export async function startClientLab(
  hosts?: readonly string[],
): Promise<{ fleet: LabFleet; devicesEnv: string }> {
  const fleet = await startLabFleet({ timeScale: 1 / 600, ...(hosts ? { hosts: [...hosts] } : {}) });
  const devicesEnv = JSON.stringify(
    fleet.devices.map((d) => ({
      name: d.name,
      host: d.host,
      port: d.port,
      username: d.username,
      password: d.password,
      secret: d.enableSecret,
      ping: fleet.inventory.hosts.find((h) => h.name === d.name)?.bgp?.neighbors[0]?.address,
    })),
  );
  return { fleet, devicesEnv };
}
