import assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { analyzePackage } from '../../server/src/analysis/analyzePackage';
import { anchorFacts } from '../../server/src/analysis/anchoredFacts';
import { DiskSources } from '../../server/src/analysis/diskSources';
import { isCountedAllocation } from '../../server/src/classify/classification';
import { GoParser } from '../../server/src/syntax/goParser';
import { currentGo } from '../helpers/goToolchains';
import { screenshot } from './browser';
import { closeWorkbench, openWorkbench, Workbench } from './session';
import { statusBarTexts, waitUntil } from './workbench';

/** How many of decode.go's facts are hovered: those with the longest stories (most steps, longest messages). */
const SAMPLE = 6;

describe('hovers on encoding/json\'s decode.go fit a 1500×1000 window', { timeout: 600_000 }, () => {
  let workspace: string;
  let workbench: Workbench | undefined;
  let page: Page;
  let targets: { line: number; column: number; what: string }[] = [];

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-e2e-json-'));
    const source = path.join(execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim(), 'src/encoding/json');
    for (const name of fs.readdirSync(source)) if (name.endsWith('.go') && !name.endsWith('_test.go')) fs.copyFileSync(path.join(source, name), path.join(workspace, name));
    fs.writeFileSync(path.join(workspace, 'go.mod'), 'module example.com/json\n\ngo 1.21\n');
    const decode = path.join(workspace, 'decode.go');
    const result = await analyzePackage(await currentGo(), workspace);
    assert.ok(result.ok);
    const sources = new DiskSources(await GoParser.load());
    const counted = anchorFacts(result.value.factsIn(decode), (f) => sources.get(f)).filter((a) => isCountedAllocation(a.fact, a.classification));
    sources.dispose();
    const size = (a: (typeof counted)[number]) => a.fact.explanations.reduce((n, e) => n + e.steps.length, 0) * 100 + a.fact.message.length;
    targets = counted
      .sort((a, b) => size(b) - size(a))
      .slice(0, SAMPLE)
      .map((a) => ({ line: a.anchor.range.start.line + 1, column: a.anchor.range.start.character + 1, what: a.fact.message }));
    workbench = await openWorkbench(workspace, 'decode.go');
    page = workbench.page;
    await waitUntil(page, 'decode.go analysed', async () => (await statusBarTexts(page)).some((t) => /\d+ heap allocations?/.test(t)), 120_000);
  });

  after(() => closeWorkbench(workbench));

  it('shows every sampled hover whole, without a scroll bar', async () => {
    assert.equal(targets.length, SAMPLE);
    for (const target of targets) {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+G');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await input.fill(`:${target.line}:${target.column}`);
      await page.keyboard.press('Enter');
      await input.waitFor({ state: 'hidden' });
      // Show Hover (Ctrl+K Ctrl+I) at the cursor: what a mouse hover shows, without aiming at pixels.
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      const hover = page.locator('.monaco-hover:visible', { hasText: 'Go Escape Hints' }).first();
      await hover.waitFor({ state: 'visible' });
      // VS Code shows "Checking for quick fixes…" under a diagnostic until the code actions answer: measure the settled hover.
      await waitUntil(page, 'the hover settled', async () => !((await hover.textContent()) ?? '').includes('Checking for quick fixes'));
      await screenshot(page, `decode-hover-${target.line}`);
      const overflow = await hover.evaluate((el) =>
        Array.from(el.querySelectorAll('.monaco-scrollable-element, .monaco-hover-content'))
          .filter((e) => e.scrollHeight > e.clientHeight + 1)
          .map((e) => `${e.scrollHeight} > ${e.clientHeight}`),
      );
      assert.deepEqual(overflow, [], `decode.go:${target.line}:${target.column} (${target.what}) scrolls`);
      const box = await hover.boundingBox();
      assert.ok(box && box.y >= 0 && box.y + box.height <= 1000, `decode.go:${target.line}: inside the window`);
    }
  });
});
