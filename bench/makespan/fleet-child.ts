/**
 * One makespan measurement in its own process, built like the shipped engine (bench/makespan/isolated.ts
 * bundles this file with the engine taken from dist/, no tsx): the options as JSON in argv[2], the
 * result as one JSON line on stdout after `RESULT `. Its peak RSS is then the engine's alone.
 */
import { runFleetUpgrade, type FleetRunOptions } from './fleet-run.js';

const options = JSON.parse(process.argv[2] ?? '{}') as FleetRunOptions;
const result = await runFleetUpgrade(options);
const wire = { ...result, hosts: result.hosts.map((h) => ({ ...h, steps: [...h.steps] })) };
process.stdout.write(`RESULT ${JSON.stringify(wire)}\n`);
