import * as path from 'path';
import { pathToFileURL } from 'url';
import type * as Sarif from 'sarif';
import { isCountedHeapAllocation, ReportedFinding, ruleIdOf } from '../../analysis/report';
import { FACT_KINDS, HEAP_KINDS } from '../../compiler/facts';
import { isPseudoFile } from '../../compiler/positions';
import { CAUSE_SUMMARIES } from '../../explain/causes';
import { PITFALL_CODES } from '../../pitfalls';
import { kindDocsUrl, pitfallDocsUrl, README_URL } from '../../shared/docs';
import type { TextRange } from '../../syntax/anchor';
import { TOOL_VERSION } from '../version';
import type { FormatInput, Formatted } from './formatInput';
import { FACT_RULES, PITFALL_RULES, RuleText } from './sarifRules';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The key of our partial fingerprint: the baseline's fingerprint (package, function, kind, subject, occurrence). */
export const FINGERPRINT_KEY = 'goEscapeHints/v1';
const SRCROOT = 'SRCROOT';

/**
 * SARIF 2.1.0 for code scanning: one rule per fact kind and per pitfall, regions in UTF-16 code
 * units (columnKind), the compiler's flow as codeFlows, quick fixes as fixes, and fingerprints that
 * survive unrelated edits.
 */
export function formatSarif(input: FormatInput): Formatted {
  const rules: Sarif.ReportingDescriptor[] = [
    ...FACT_KINDS.map((kind) => rule(kind, FACT_RULES[kind], kindDocsUrl(kind), HEAP_KINDS.has(kind) ? 'warning' : 'note')),
    ...PITFALL_CODES.map((code) => rule(code, PITFALL_RULES[code], pitfallDocsUrl(code), 'warning')),
  ];
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const location = locator(input.cwd);
  const results: Sarif.Result[] = [];
  for (const finding of input.findings) {
    if (isPseudoFile(finding.file)) continue;
    const ruleId = ruleIdOf(finding);
    const result: Sarif.Result = {
      ruleId,
      ruleIndex: ruleIndex.get(ruleId),
      level: levelOf(finding),
      message: { text: messageOf(finding) },
      locations: [location(finding.file, finding.range)],
      partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
      properties: propertiesOf(finding),
    };
    if (input.baseline) result.baselineState = 'new';
    const steps = finding.fact?.tracked.steps.filter((s) => !isPseudoFile(s.position.file)) ?? [];
    if (steps.length > 0) {
      result.codeFlows = [{
        message: { text: 'The compiler\'s escape-analysis flow (-gcflags=-m=2).' },
        threadFlows: [{
          locations: steps.map((step) => ({
            location: {
              ...(step.range ? location(step.position.file, step.range) : { physicalLocation: { artifactLocation: artifactOf(step.position.file, input.cwd), region: { startLine: step.position.line } } }),
              message: { text: step.message },
            },
          })),
        }],
      }];
    }
    const fixes = finding.pitfall?.fixes ?? [];
    if (fixes.length > 0) {
      result.fixes = fixes.map((fix) => ({
        description: { text: fix.title },
        artifactChanges: [{
          artifactLocation: artifactOf(finding.file, input.cwd),
          replacements: fix.edits.map((edit) => ({ deletedRegion: regionOf(edit.range), insertedContent: { text: edit.newText } })),
        }],
      }));
    }
    results.push(result);
  }
  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'go-escape-hints', semanticVersion: TOOL_VERSION, version: TOOL_VERSION, informationUri: README_URL, rules } },
      originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(input.cwd.endsWith(path.sep) ? input.cwd : input.cwd + path.sep).href } },
      columnKind: 'utf16CodeUnits',
      invocations: [{
        executionSuccessful: input.errors.length === 0,
        toolExecutionNotifications: input.errors.map((error) => ({ level: 'error', message: { text: error.message }, descriptor: { id: error.code } })),
      }],
      results,
      ...(input.goVersion ? { properties: { goVersion: input.goVersion } } : {}),
    }],
  };
  return { stdout: JSON.stringify(log, null, 2) + '\n', stderr: [] };
}

function rule(id: string, text: RuleText, helpUri: string, level: Sarif.ReportingConfiguration.level): Sarif.ReportingDescriptor {
  return {
    id,
    name: text.name,
    shortDescription: { text: text.short },
    fullDescription: { text: `${text.short} ${text.help}` },
    help: { text: `${text.help} See ${helpUri}`, markdown: `${text.help}\n\n[Read more](${helpUri})` },
    helpUri,
    defaultConfiguration: { level },
  };
}

function levelOf(finding: ReportedFinding): Sarif.Result.level {
  if (finding.pitfall) return finding.pitfall.severity === 'warning' ? 'warning' : 'note';
  return isCountedHeapAllocation(finding) ? 'warning' : 'note';
}

function messageOf(finding: ReportedFinding): string {
  if (finding.pitfall) return finding.pitfall.message;
  const { fact, cause } = finding.fact!;
  const loop = finding.inLoop && HEAP_KINDS.has(fact.kind) ? ' (in a loop: on every iteration)' : '';
  return `${fact.message}${cause ? `: ${CAUSE_SUMMARIES[cause]}` : ''}${loop}`;
}

function propertiesOf(finding: ReportedFinding): Sarif.PropertyBag {
  const properties: Sarif.PropertyBag = { package: finding.package, function: finding.function, inLoop: finding.inLoop };
  if (finding.fact) {
    const { fact, cause, classification } = finding.fact;
    if (cause) properties.cause = cause;
    if (HEAP_KINDS.has(fact.kind)) {
      properties.allocates = classification.allocates !== false;
      properties.coldPath = !!classification.coldPath;
    }
  }
  return properties;
}

/** 1-based lines and columns in UTF-16 code units (the run's columnKind). */
export function regionOf(range: TextRange): Sarif.Region {
  return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

function locator(cwd: string): (file: string, range: TextRange) => Sarif.Location {
  return (file, range) => ({ physicalLocation: { artifactLocation: artifactOf(file, cwd), region: regionOf(range) } });
}

/** Relative to SRCROOT (the working directory) when inside it, so code scanning maps it onto the repository; else a file: URI. */
function artifactOf(file: string, cwd: string): Sarif.ArtifactLocation {
  const relative = path.relative(cwd, file);
  if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) {
    return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  }
  return { uri: pathToFileURL(file).href };
}
