#!/usr/bin/env node
// The installed `scavsim` command. A file of its own rather than dist/main.js, so that the bin
// link exists before anything is built: installing the workspace (where dist/ is not built)
// then creates it without a warning. In the workspace, use `pnpm scavsim`.
import { runFromCommandLine } from '../dist/main.js';

await runFromCommandLine();
