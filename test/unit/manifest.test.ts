import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { FACT_KINDS } from '../../server/src/compiler/facts';
import { CAUSE_SUMMARIES } from '../../server/src/explain/causes';
import { PITFALL_CODES } from '../../server/src/pitfalls/types';
import { CLIENT_ONLY_SETTINGS, DEFAULT_SETTINGS, flatten, resolveGoExtensionSettings, resolveSettings, settingKeys } from '../../server/src/shared/settings';
import { REPO_ROOT } from '../helpers/paths';

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const properties: Record<string, { default: unknown; scope?: string }> = manifest.contributes.configuration.properties;

describe('package.json matches the settings schema', () => {
  it('declares exactly the schema\'s keys (plus the client-only ones)', () => {
    assert.deepEqual(Object.keys(properties).sort(), [...settingKeys(), ...CLIENT_ONLY_SETTINGS].sort());
  });

  it('declares the same defaults as the code', () => {
    for (const [key, value] of flatten(DEFAULT_SETTINGS as unknown as Record<string, unknown>, 'goEscapeHints')) {
      assert.deepEqual(properties[key].default, value, key);
    }
  });

  it('lets no workspace choose the go binary', () => {
    assert.equal(properties['goEscapeHints.goPath'].scope, 'machine');
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  });

  it('gives every command a category', () => {
    for (const command of manifest.contributes.commands) assert.equal(command.category, 'Go Escape Hints', command.command);
  });

  it('points at files that exist', () => {
    assert.ok(fs.existsSync(path.join(REPO_ROOT, manifest.contributes.grammars[0].path)));
  });
});

describe('settings from clients', () => {
  it('fill in defaults and ignore values of the wrong type', () => {
    const settings = resolveSettings({ debounceMs: 'fast', maxConcurrentBuilds: 3, inlayHints: { kinds: { 'does-not-escape': true, 'moved-to-heap': 'yes' } }, diagnostics: { severity: { 'moved-to-heap': 'loud' } } });
    assert.equal(settings.debounceMs, DEFAULT_SETTINGS.debounceMs);
    assert.equal(settings.maxConcurrentBuilds, 3);
    assert.equal(settings.inlayHints.kinds['does-not-escape'], true);
    assert.equal(settings.inlayHints.kinds['moved-to-heap'], true);
    assert.equal(settings.diagnostics.severity['moved-to-heap'], DEFAULT_SETTINGS.diagnostics.severity['moved-to-heap']);
    assert.deepEqual(Object.keys(settings.inlayHints.kinds).sort(), [...FACT_KINDS].sort());
    assert.deepEqual(resolveSettings(null), DEFAULT_SETTINGS);
  });

  it('read the Go extension\'s settings', () => {
    const go = resolveGoExtensionSettings({ goroot: '/opt/go', alternateTools: { go: '/opt/go/bin/go' }, buildTags: 'integration, linux', toolsEnvVars: { GOFLAGS: '-mod=mod', BAD: 3 } });
    assert.deepEqual(go, { goroot: '/opt/go', alternateGo: '/opt/go/bin/go', buildTags: ['integration', 'linux'], toolsEnvVars: { GOFLAGS: '-mod=mod' } });
  });
});

describe('the compiler report grammar', () => {
  it('is valid JSON whose patterns compile', () => {
    const grammar = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'syntaxes/go-compiler-report.tmLanguage.json'), 'utf8'));
    const patterns: string[] = [];
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if ((key === 'match' || key === 'begin' || key === 'end') && typeof value === 'string') patterns.push(value);
          else collect(value);
        }
      }
    };
    collect(grammar);
    assert.ok(patterns.length > 10);
    for (const pattern of patterns) assert.doesNotThrow(() => new RegExp(pattern), pattern);
    assert.equal(grammar.scopeName, manifest.contributes.grammars[0].scopeName);
  });
});

describe('the README explains what diagnostics link to', () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  it('has an anchor for every kind, cause and pitfall', () => {
    for (const kind of FACT_KINDS) assert.ok(readme.includes(`<a id="${kind}"></a>`), kind);
    for (const cause of Object.keys(CAUSE_SUMMARIES)) assert.ok(readme.includes(`<a id="cause-${cause}"></a>`), cause);
    for (const code of PITFALL_CODES) assert.ok(readme.includes(`<a id="pitfall-${code}"></a>`), code);
  });

  it('starts with the two commands a newcomer needs', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    assert.match(firstBlock, /^npm start\b/m);
    assert.match(firstBlock, /^npm test\b/m);
    for (const script of ['start', 'test']) assert.ok(manifest.scripts[script], script);
  });
});
