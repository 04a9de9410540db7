import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './browser';
import { assertInstalled, CodeServer, startCodeServer } from './codeServer';
import { openFile } from './workbench';

/** What every end-to-end test's VS Code starts from: no start page, trust prompt, tips or minimap; inlay hints on; nothing saved behind the test's back. */
export const BASE_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'editor.inlayHints.enabled': 'on',
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
};

export interface Workbench {
  server: CodeServer;
  browser: Browser;
  page: Page;
}

/** code-server on `workspace` with the base settings and `settings`, headless Chromium on it, and `file` open. */
export async function openWorkbench(workspace: string, file: string, settings: Record<string, unknown> = {}, viewport = { width: 1500, height: 1000 }): Promise<Workbench> {
  assertInstalled();
  const server = await startCodeServer(workspace, { ...BASE_SETTINGS, ...settings });
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport });
    await page.goto(server.url);
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 120_000 });
    await openFile(page, file);
    return { server, browser, page };
  } catch (error) {
    await browser?.close();
    await server.stop();
    throw error;
  }
}

/** Closes the browser and stops code-server, after a last screenshot when one is named. */
export async function closeWorkbench(workbench: Workbench | undefined, finalScreenshot?: string): Promise<void> {
  if (!workbench) return;
  if (finalScreenshot) await screenshot(workbench.page, finalScreenshot).catch(() => undefined);
  await workbench.browser.close();
  await workbench.server.stop();
}
