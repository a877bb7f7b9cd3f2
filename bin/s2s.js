#!/usr/bin/env node
// Thin launcher: registers the TypeScript loader, then runs the CLI in scripts/s2s.ts.
import { register } from 'tsx/esm/api';
register();
await import('../scripts/s2s.ts');
