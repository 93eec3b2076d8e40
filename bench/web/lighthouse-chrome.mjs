// Debian's Chromium started for Lighthouse (chrome-launcher), with the browser
// tests' flags and a throw-away profile; close() stops it and removes the profile.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import { CHROMIUM, CHROMIUM_ARGS } from '../../tests/browser/harness.mjs';

export async function launchLighthouseChrome(prefix) {
  const userDataDir = mkdtempSync(join(tmpdir(), prefix));
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: CHROMIUM_ARGS,
    userDataDir,
    logLevel: 'silent',
  });
  return {
    port: chrome.port,
    async close() {
      await chrome.kill();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
