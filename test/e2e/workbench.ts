import type { Locator, Page } from 'playwright-core';

/** What the editor shows, read from VS Code's DOM (inlay hints are part of each line's text). */
export interface EditorLine {
  lineNumber: number;
  text: string;
}

export async function editorLines(page: Page): Promise<EditorLine[]> {
  return page.evaluate(() => {
    const editor = document.querySelector('.editor-instance .monaco-editor') ?? document.querySelector('.monaco-editor');
    if (!editor) return [];
    const numbers = new Map<string, number>();
    for (const el of Array.from(editor.querySelectorAll('.margin-view-overlays > div'))) {
      const n = el.querySelector('.line-numbers')?.textContent?.trim();
      if (n) numbers.set((el as HTMLElement).style.top, Number(n));
    }
    return Array.from(editor.querySelectorAll('.view-lines > .view-line'))
      // Non-breaking spaces and the hair space VS Code pads inlay hints with read as the spaces a person sees.
      .map((el) => ({ lineNumber: numbers.get((el as HTMLElement).style.top) ?? -1, text: (el.textContent ?? '').replace(/[\u00a0\u2000-\u200a\u202f]/g, ' ') }))
      .sort((a, b) => a.lineNumber - b.lineNumber);
  });
}

/** Polls the page until `read` returns something truthy: waits on what is drawn, never a fixed sleep. */
export async function waitUntil<T>(page: Page, what: string, read: () => Promise<T | undefined | false | null>, timeoutMs = 60_000, lastSeen?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastSeen ? `; last seen:\n${lastSeen()}` : ''}`);
    await page.waitForTimeout(100);
  }
}

export async function waitForLine(page: Page, what: string, accept: (line: EditorLine) => boolean, timeoutMs?: number): Promise<EditorLine> {
  let seen: EditorLine[] = [];
  return waitUntil(
    page,
    what,
    async () => {
      seen = await editorLines(page);
      return seen.find(accept);
    },
    timeoutMs,
    () => seen.map((l) => `${l.lineNumber}: ${l.text}`).join('\n'),
  );
}

/** Runs a command from the command palette by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
}

/** Opens a workspace file with Quick Open and waits for its editor. */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name }).waitFor({ state: 'visible' });
  await page.locator('.view-lines').first().waitFor({ state: 'visible' });
}

/** Moves the cursor to a 1-based line with Go to Line. */
export async function goToLine(page: Page, line: number): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

/** The span in the rendered line that shows `token` (to hover or click it). */
export function tokenOnLine(page: Page, lineText: string, token: string): Locator {
  return page.locator('.view-line', { hasText: lineText }).first().locator('span > span', { hasText: new RegExp(`^${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).first();
}

export async function statusBarTexts(page: Page): Promise<string[]> {
  return page.$$eval('.statusbar-item', (items) => items.map((i) => (i.textContent ?? '').trim()));
}
