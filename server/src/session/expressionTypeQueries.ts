import * as crypto from 'crypto';
import { ExpressionQuery, ExpressionTypes, queryExpressionTypes } from '../go/expressionTypes';
import { HelperPackage, HelperRuns } from './helperRuns';

/**
 * Expression types for the typed pitfalls, asked of the types helper after the package's build and
 * kept with the analysis (its key names the files, tags and Go; the question names the positions).
 * One query per package at a time: a newer one, or an edit, cancels the one in flight.
 */
export class ExpressionTypeQueries {
  private readonly runs: HelperRuns<ExpressionTypes>;

  constructor(
    private readonly cacheDir: string | undefined,
    log: (message: string) => void,
  ) {
    this.runs = new HelperRuns('expression types', log);
  }

  /** The types of these expressions in this analysis; undefined when cancelled or failed (logged once). */
  query(analysisKey: string, pkg: HelperPackage, queries: readonly ExpressionQuery[]): Promise<ExpressionTypes | undefined> {
    const key = `${analysisKey}\0${crypto.createHash('sha256').update(JSON.stringify(queries)).digest('hex')}`;
    return this.runs.query(key, pkg, (overlay, signal) =>
      queryExpressionTypes(pkg.toolchain, { dir: pkg.dir, tags: pkg.tags, tests: pkg.tests, overlay, queries }, { cacheDir: this.cacheDir, signal }),
    );
  }

  cancel(dir: string): void {
    this.runs.cancel(dir);
  }
}
