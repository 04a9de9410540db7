import * as fs from 'fs';
import type { DiskSources } from '../analysis/diskSources';
import { fileFindings } from '../analysis/fileFindings';
import { functionNameAt, subjectText } from '../analysis/findingPlace';
import { isGeneratedGoFile } from '../analysis/generatedFiles';
import { compareFindings, ReportedFinding } from '../analysis/report';
import type { CompilerFact, CompilerPosition } from '../compiler/facts';
import { PITFALL_CODES, PitfallCode } from '../pitfalls';
import { PackageTexts } from '../session/packageTexts';
import type { SourceSyntax } from '../syntax/anchor';
import { LineIndex, utf16OffsetToByte } from '../syntax/textPositions';
import { pointRange } from '../workspace/trackedFacts';
import type { Collected } from './collect';
import { assignFingerprints } from './fingerprint';

export interface FindingOptions {
  pitfalls: boolean;
  /** Only facts of these kinds are reported (pitfalls still see every fact). */
  kinds?: ReadonlySet<string>;
  log(message: string): void;
  /** After each file: for the progress line. */
  onFile?(done: number, total: number): void;
}

/**
 * Turns the collected facts into findings, one file at a time and in one pass: parse (or take the
 * preloaded tree), anchor, track, detect pitfalls (the language server's own code, fileFindings),
 * name the place, then free the tree.
 */
export function buildFindings(collected: Collected, sources: DiskSources, options: FindingOptions): ReportedFinding[] {
  const enabled = Object.fromEntries(PITFALL_CODES.map((code) => [code, options.pitfalls])) as Record<PitfallCode, boolean>;
  const none = Object.fromEntries(PITFALL_CODES.map((code) => [code, false])) as Record<PitfallCode, boolean>;
  const otherFiles = new Map<string, LineIndex | undefined>();
  const rangeElsewhere = (position: CompilerPosition) => {
    if (!otherFiles.has(position.file)) {
      let lines: LineIndex | undefined;
      try {
        lines = new LineIndex(fs.readFileSync(position.file, 'utf8'));
      } catch {
        lines = undefined;
      }
      otherFiles.set(position.file, lines);
    }
    const lines = otherFiles.get(position.file);
    return lines && pointRange(lines, position);
  };
  const work: { file: string; facts: CompilerFact[]; importPath: string; pkg?: Collected['packages'][number] }[] = [];
  for (const pkg of collected.packages) {
    const byFile = groupByFile(pkg.facts);
    for (const file of new Set([...pkg.files, ...byFile.keys()])) work.push({ file, facts: byFile.get(file) ?? [], importPath: pkg.importPath, pkg });
  }
  for (const [file, facts] of groupByFile(collected.outsideFacts)) work.push({ file, facts, importPath: facts[0]?.packagePath ?? '' });

  const findings: ReportedFinding[] = [];
  const texts = new Map<Collected['packages'][number], PackageTexts>();
  let done = 0;
  for (const item of work) {
    const generated = isGeneratedGoFile(item.file);
    // A file without facts has nothing to report when no pitfalls are looked for there: it is not parsed.
    const syntax = item.facts.length === 0 && (generated || !options.pitfalls) ? undefined : sources.get(item.file);
    if (syntax) {
      const { pkg } = item;
      let packageTexts: PackageTexts | undefined;
      if (pkg) {
        packageTexts = texts.get(pkg) ?? new PackageTexts(pkg.files, () => undefined);
        texts.set(pkg, packageTexts);
      }
      const result = fileFindings({
        file: item.file,
        syntax,
        facts: item.facts,
        rangeElsewhere,
        goVersion: pkg?.goVersion,
        mentionedInOtherFiles: (name) => packageTexts?.mentions(name, item.file) ?? true,
        pitfalls: pkg && !generated ? enabled : none,
        log: options.log,
        anchorOptions: collected.compilerVersion ? { goVersion: collected.compilerVersion } : undefined,
      });
      result.anchored.forEach((anchored, i) => {
        if (options.kinds && !options.kinds.has(anchored.fact.kind)) return;
        const tracked = result.tracked[i];
        findings.push({
          file: item.file,
          position: { line: anchored.fact.line, column: anchored.fact.column },
          range: anchored.anchor.range,
          package: item.importPath,
          function: functionNameAt(syntax, anchored.anchor.range),
          subject: subjectText(syntax.lines, tracked.focus),
          inLoop: tracked.inLoop,
          occurrence: 0,
          fingerprint: '',
          fact: { ...anchored, tracked },
        });
      });
      for (const pitfall of result.pitfalls) {
        if (pitfall.quiet) continue; // advice for the hover (the caller decides), not a finding to report
        findings.push({
          file: item.file,
          position: positionOf(syntax, pitfall.range.start),
          range: pitfall.range,
          package: item.importPath,
          function: functionNameAt(syntax, pitfall.range),
          subject: subjectText(syntax.lines, pitfall.range),
          inLoop: pitfall.inLoop,
          occurrence: 0,
          fingerprint: '',
          pitfall,
        });
      }
    }
    sources.release(item.file);
    options.onFile?.(++done, work.length);
  }
  findings.sort(compareFindings);
  assignFingerprints(findings);
  return findings;
}

function groupByFile(facts: readonly CompilerFact[]): Map<string, CompilerFact[]> {
  const byFile = new Map<string, CompilerFact[]>();
  for (const fact of facts) {
    const list = byFile.get(fact.file);
    if (list) list.push(fact);
    else byFile.set(fact.file, [fact]);
  }
  return byFile;
}

/** 1-based line and byte column of an editor position. */
function positionOf(syntax: SourceSyntax, at: { line: number; character: number }): { line: number; column: number } {
  return { line: at.line + 1, column: utf16OffsetToByte(syntax.lines.lineText(at.line), at.character) + 1 };
}
