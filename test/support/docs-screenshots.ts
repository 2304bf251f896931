import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SHOTS } from './browser.js';

/**
 * `npm run docs:screenshots` sets MMCC_DOCS_SCREENSHOTS=1: the documentation's screenshots are then written into
 * docs/. Otherwise they go to test-output/ (git-ignored), so a test run leaves the work tree as it was.
 */
export const DOCS_SCREENSHOTS = process.env.MMCC_DOCS_SCREENSHOTS === '1';
const DIR = DOCS_SCREENSHOTS ? new URL('../../docs/', import.meta.url).pathname : SHOTS;

/** Takes the screenshot `<name>.png` of the page where DOCS_SCREENSHOTS says; its file and size in pixels. */
export async function docsScreenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<{ path: string; width: number; height: number }> {
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, `${name}.png`);
  const png = await page.screenshot({ ...options, path, type: 'png' });
  // A PNG starts with its 8-byte signature, then the IHDR chunk: length, type, width and height (big-endian).
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { path, width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
