import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { TESTDATA } from '../helpers/paths';
import { screenshot } from './browser';
import { closeWorkbench, openWorkbench, Workbench } from './session';
import { runCommand, waitForLine, waitUntil } from './workbench';

const SETTINGS = { 'goEscapeHints.debounceMs': 300 };

describe('Profile Package Benchmarks in real VS Code (code-server + Chromium)', { timeout: 600_000 }, () => {
  let workspace: string;
  let workbench: Workbench | undefined;
  let page: Page;

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-e2e-profile-'));
    fs.cpSync(path.join(TESTDATA, 'profiled'), workspace, { recursive: true });
    workbench = await openWorkbench(workspace, 'records.go', SETTINGS, { width: 1400, height: 1000 });
    page = workbench.page;
  });

  after(() => closeWorkbench(workbench, 'profile-final'));

  it('runs the benchmarks from the command palette and shows the hot allocation\'s share in its hint', async () => {
    await waitForLine(page, 'the plain hint on the hot allocation', (l) => /&Record\{ID: i\} ↑heap ↻$/.test(l.text));
    await runCommand(page, 'Go Escape Hints: Profile Package Benchmarks');
    const hot = await waitForLine(page, 'the weighed hint', (l) => /&Record\{ID: i\} ↑heap ↻ \d+%$/.test(l.text), 180_000);
    const share = Number(/(\d+)%$/.exec(hot.text)![1]);
    assert.ok(share > 50, hot.text);
    await waitUntil(page, 'the notification naming the benchmark', async () => (await page.locator('.notification-toast', { hasText: 'BenchmarkHot' }).count()) > 0);
    assert.ok(!fs.readdirSync(workspace).some((f) => f.endsWith('.test') || f.endsWith('.pprof')), 'the package folder stays clean');
    await screenshot(page, 'profile-weighed-hint');
  });
});
