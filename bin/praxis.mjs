#!/usr/bin/env node
// The `praxis` command. It runs the TypeScript sources through tsx, so the CLI is always the code in
// this checkout (no stale build); the Electron app and the served UI are built by electron-vite.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src-main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
