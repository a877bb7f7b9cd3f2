/**
 * Starts the system's Chromium (Debian's `chromium` package, or `S2S_CHROMIUM`) headless through playwright-core,
 * with a fresh profile in a temp dir; nothing is downloaded.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env['S2S_CHROMIUM'] ?? '/usr/bin/chromium';

/** Flags that work as root in a container without a GPU and without network. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface RunningChromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** @throws Error naming the package to install when the executable is missing. */
export async function launchChromium(): Promise<RunningChromium> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `no Chromium at ${CHROMIUM_PATH}: install it with \`apt-get install chromium\` or set S2S_CHROMIUM`,
    );
  const profile = await mkdtemp(join(tmpdir(), 's2s-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** The DOM globals the specs read inside `page.evaluate` callbacks (the Node tsconfig has no DOM types). */
export interface PageGlobals {
  document: {
    body: { dataset: Record<string, string | undefined> };
    getElementById(id: string): { textContent: string | null } | null;
  };
}
