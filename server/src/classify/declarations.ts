import type { SyntaxNode, Tree } from '../syntax/goParser';
import { isPredeclaredTypeName, shapeOfTypeNode, TypeShape } from './typeShapes';

/**
 * What a package declares at its top level, as far as classification needs it: which names are
 * constants, the shapes of its types, variables and single-result functions. Plain data, built
 * from the package's parsed files (see `collectDeclarations`), so callers may keep it after the
 * trees are deleted.
 */
export interface PackageDeclarations {
  readonly constants: ReadonlySet<string>;
  readonly types: ReadonlyMap<string, TypeShape>;
  /** Package-level variables: their declared type when the source spells it. */
  readonly variables: ReadonlyMap<string, TypeShape | undefined>;
  /** Functions (not methods) with exactly one result, by name. */
  readonly functionResults: ReadonlyMap<string, TypeShape>;
  /** Every top-level name: constants, variables, types and functions. */
  readonly names: ReadonlySet<string>;
  /**
   * Another package's declarations by the name its identifiers are printed with (`context`), with
   * their own type names qualified (`qualifyDeclarations`); undefined when unknown or ambiguous.
   */
  readonly imported?: ImportedDeclarations;
}

export type ImportedDeclarations = (packageName: string) => PackageDeclarations | undefined;

const byTree = new WeakMap<Tree, PackageDeclarations>();

/** One file's top-level declarations, remembered per tree (a file's facts are classified together). */
export function fileDeclarations(tree: Tree): PackageDeclarations {
  let found = byTree.get(tree);
  if (!found) {
    found = collectDeclarations([tree.rootNode]);
    byTree.set(tree, found);
  }
  return found;
}

/** The top-level declarations of the given files (`source_file` nodes) of one package. */
export function collectDeclarations(roots: readonly SyntaxNode[]): PackageDeclarations {
  const constants = new Set<string>();
  const types = new Map<string, TypeShape>();
  const variables = new Map<string, TypeShape | undefined>();
  const functionResults = new Map<string, TypeShape>();
  const names = new Set<string>();
  for (const root of roots) {
    for (const decl of root.namedChildren) {
      if (!decl) continue;
      switch (decl.type) {
        case 'const_declaration':
          for (const spec of specs(decl, 'const_spec')) for (const name of spec.childrenForFieldName('name')) if (name?.type === 'identifier') constants.add(name.text);
          break;
        case 'var_declaration':
          for (const spec of specs(decl, 'var_spec')) {
            const type = spec.childForFieldName('type');
            const values = spec.childForFieldName('value')?.namedChildren ?? [];
            spec.childrenForFieldName('name').filter((n) => n?.type === 'identifier').forEach((name, i) => {
              // `var NoBody = noBody{}`: the literal spells the type.
              const value = values[i];
              const shape = type ? shapeOfTypeNode(type) : value?.type === 'composite_literal' ? shapeOfTypeNode(value.childForFieldName('type')) : undefined;
              variables.set(name!.text, shape);
            });
          }
          break;
        case 'type_declaration':
          for (const spec of decl.namedChildren) {
            if (!spec || (spec.type !== 'type_spec' && spec.type !== 'type_alias')) continue;
            const name = spec.childForFieldName('name')?.text;
            if (!name) continue;
            names.add(name);
            // A generic type's size depends on its arguments.
            if (!spec.childForFieldName('type_parameters')) types.set(name, shapeOfTypeNode(spec.childForFieldName('type')));
          }
          break;
        case 'function_declaration': {
          const name = decl.childForFieldName('name')?.text;
          const result = singleResult(decl.childForFieldName('result'));
          if (name) names.add(name);
          if (name && result && !decl.childForFieldName('type_parameters')) functionResults.set(name, result);
          break;
        }
      }
    }
  }
  for (const name of [...constants, ...types.keys(), ...variables.keys()]) names.add(name);
  return { constants, types, variables, functionResults, names };
}

/** A file's declarations with the rest of the package's behind them (the file's own win). */
export function withPackage(own: PackageDeclarations, pkg: PackageDeclarations | undefined, imported?: ImportedDeclarations): PackageDeclarations {
  if (imported) return { ...withPackage(own, pkg), imported };
  if (!pkg) return own;
  // Every fact of a file asks for the same pair: merge once.
  let merged = mergedByPair.get(own)?.get(pkg);
  if (!merged) {
    merged = merge(own, pkg);
    if (!mergedByPair.has(own)) mergedByPair.set(own, new WeakMap());
    mergedByPair.get(own)!.set(pkg, merged);
  }
  return merged;
}

const mergedByPair = new WeakMap<PackageDeclarations, WeakMap<PackageDeclarations, PackageDeclarations>>();

function merge(own: PackageDeclarations, pkg: PackageDeclarations): PackageDeclarations {
  return {
    constants: union(own.constants, pkg.constants),
    types: new Map([...pkg.types, ...own.types]),
    variables: new Map([...pkg.variables, ...own.variables]),
    functionResults: new Map([...pkg.functionResults, ...own.functionResults]),
    names: union(own.names, pkg.names),
  };
}

function union(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  const all = new Set(a);
  for (const name of b) all.add(name);
  return all;
}

/** `const ( a = 1; b )` and `const a = 1` alike. */
function specs(decl: SyntaxNode, type: string): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  for (const child of decl.namedChildren) {
    if (child?.type === type) found.push(child);
    else if (child?.type === 'const_spec_list' || child?.type === 'var_spec_list') for (const inner of child.namedChildren) if (inner?.type === type) found.push(inner);
  }
  return found;
}

/** `func f() bool` or `func f() (ok bool)`: the one result's shape. */
export function singleResult(result: SyntaxNode | null): TypeShape | undefined {
  if (!result) return undefined;
  if (result.type !== 'parameter_list') return shapeOfTypeNode(result);
  const params = result.namedChildren.filter((p) => p?.type === 'parameter_declaration') as SyntaxNode[];
  if (params.length !== 1 || params[0].childrenForFieldName('name').length > 1) return undefined;
  return shapeOfTypeNode(params[0].childForFieldName('type'));
}

/**
 * Another package's declarations as seen from outside: its type names qualified with the package's
 * name (`emptyCtx` → `context.emptyCtx`), so shapes resolve in that package, not in the one asking.
 */
export function qualifyDeclarations(declarations: PackageDeclarations, packageName: string): PackageDeclarations {
  const qualify = (shape: TypeShape): TypeShape => {
    switch (shape.kind) {
      case 'named':
        return shape.name.includes('.') || isPredeclaredTypeName(shape.name) || shape.name === 'unsafe.Pointer' ? shape : { kind: 'named', name: `${packageName}.${shape.name}` };
      case 'struct':
        return { kind: 'struct', fields: shape.fields.map(qualify) };
      case 'array':
        return { kind: 'array', length: shape.length, element: qualify(shape.element) };
      default:
        return shape;
    }
  };
  const mapValues = <V>(map: ReadonlyMap<string, V>, f: (v: V) => V) => new Map([...map].map(([k, v]) => [k, f(v)]));
  return {
    constants: declarations.constants,
    types: mapValues(declarations.types, qualify),
    variables: mapValues(declarations.variables, (v) => (v ? qualify(v) : v)),
    functionResults: mapValues(declarations.functionResults, qualify),
    names: declarations.names,
  };
}

/**
 * An `ImportedDeclarations` over the caller's parsed packages: `rootsOf(name)` gives the
 * `source_file` nodes of the one dependency printed as `name` (undefined when there is none or
 * several). Each package is read once, on first use, and kept qualified.
 */
export function importedDeclarations(rootsOf: (packageName: string) => readonly SyntaxNode[] | undefined): ImportedDeclarations {
  const cache = new Map<string, PackageDeclarations | undefined>();
  return (name) => {
    if (!cache.has(name)) {
      const roots = rootsOf(name);
      cache.set(name, roots ? qualifyDeclarations(collectDeclarations(roots), name) : undefined);
    }
    return cache.get(name);
  };
}
