#!/usr/bin/env node
// The `warroom` command. tsx runs the TypeScript sources directly, so there is no build step to forget.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2), process.env);
