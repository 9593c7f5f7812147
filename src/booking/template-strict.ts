/**
 * Strict compilation of the kit's Handlebars templates (the response templates and the system prompt): a
 * misspelt field, a missing value or an unknown helper is an error naming the field, the file and the line,
 * never a blank, "undefined" or a false `{{#if}}`.
 */
import Handlebars from "handlebars";

/** Handlebars' options object of a helper call. */
export type HelperOptions = Handlebars.HelperOptions;
/** A helper as Handlebars calls it: its arguments, then its options. */
export type Helper = (this: unknown, ...args: unknown[]) => unknown;

/**
 * The compile options type is global in the Handlebars typings; re-derive it from `compile`. `trackIds` and
 * `srcName` are compile options of Handlebars 4 that the typings leave out (`srcName` is typed for precompile).
 */
export type CompileOptions = NonNullable<Parameters<typeof Handlebars.compile>[1]> & {
  trackIds?: boolean;
  srcName?: string;
};

/**
 * What Handlebars also passes a helper, beyond its typings: the paths its arguments were written as (with the
 * `trackIds` compile option) and where the call is in the template (file with the `srcName` option).
 */
interface CallSite {
  ids?: unknown[];
  loc?: { source?: string; start?: { line?: number } };
}

/** The field an argument came from (`detail.closesAt`), or null for a literal or a sub-expression. */
export function fieldOf(options: HelperOptions, index: number): string | null {
  const id = (options as HelperOptions & CallSite).ids?.[index];
  return typeof id === "string" ? id : null;
}

/** `{{#if closedNow}} (alternatives.hbs, line 3)`: what was written, in which file (`srcName`), on which line. */
function at(written: string, options: HelperOptions): string {
  const loc = (options as HelperOptions & CallSite).loc;
  const where = [loc?.source, loc?.start?.line === undefined ? undefined : `line ${loc.start.line}`];
  const place = where.filter((part) => part !== undefined).join(", ");
  return place === "" ? written : `${written} (${place})`;
}

/** `{{#if closedNow}} (alternatives.hbs, line 3)`: the helper call as its author wrote it, and where. */
export function callSite(name: string, options: HelperOptions, arity: number): string {
  const fields = Array.from({ length: arity }, (_, i) => fieldOf(options, i) ?? "…");
  return at(`{{${options.fn === undefined ? "" : "#"}${[name, ...fields].join(" ")}}}`, options);
}

/** Built-in block helpers that must not treat a misspelt field as false or empty. */
const GUARDED_BUILTINS = ["if", "unless", "each", "with"] as const;

/**
 * The helper every path of two or more parts goes through (`parseStrict`). Not a name for template authors:
 * the underscore keeps it apart from the README's helpers.
 */
export const PATH_HELPER = "_path";

/**
 * `{{_path alternatives "length"}}`: reads `alternatives.length` part by part, own properties only (as
 * Handlebars does), and names the first part that is missing, or null before the last. Handlebars' strict mode
 * leaves both to a bare "Cannot read properties of undefined (reading 'length')".
 */
function pathHelper(head: unknown, ...rest: unknown[]): unknown {
  const options = rest.pop() as HelperOptions;
  const parts = rest as string[];
  let path = fieldOf(options, 0) ?? "…";
  const where = at([path, ...parts].join("."), options);
  const missing = () => new TypeError(`${where}: the field "${path}" is missing from the data`);
  let value = head;
  if (value === undefined) throw missing();
  for (const part of parts) {
    if (value === null) throw new TypeError(`${where}: "${path}" is null, so it has no "${part}"`);
    path = `${path}.${part}`;
    if (!Object.hasOwn(value as object, part)) throw missing();
    value = (value as Record<string, unknown>)[part];
  }
  if (value === undefined) throw missing();
  return value;
}

type Ast = ReturnType<typeof Handlebars.parse>;
type AstPath = hbs.AST.PathExpression;

/** `alternatives.length` as `(_path alternatives "length")`; other expressions as they are. */
function viaPathHelper(expression: hbs.AST.Expression): hbs.AST.Expression {
  if (expression.type !== "PathExpression") return expression;
  const path = expression as AstPath;
  // `@index`, `../x` and `this` are Handlebars' own; only plain data paths of 2+ parts are read part by part.
  if (path.data || path.depth > 0 || path.parts.length < 2) return expression;
  const [head = "", ...rest] = path.parts;
  const { loc } = path;
  const literal = (value: string) =>
    ({ type: "StringLiteral", value, original: value, loc }) as hbs.AST.StringLiteral;
  const call: hbs.AST.SubExpression = {
    type: "SubExpression",
    path: { type: "PathExpression", data: false, depth: 0, parts: [PATH_HELPER], original: PATH_HELPER, loc },
    params: [
      { type: "PathExpression", data: false, depth: 0, parts: [head], original: head, loc } as AstPath,
      ...rest.map(literal),
    ],
    hash: { type: "Hash", pairs: [], loc },
    loc,
  };
  return call;
}

/** Rewrites every multi-part path of a parsed template, as a parameter, a hash value or a mustache of its own. */
function rewritePaths(node: unknown): void {
  if (Array.isArray(node)) {
    for (const child of node) rewritePaths(child);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const n = node as Partial<hbs.AST.MustacheStatement> & { type?: string };
  if (
    n.type === "MustacheStatement" &&
    n.path?.type === "PathExpression" &&
    n.params?.length === 0 &&
    !n.hash
  ) {
    const call = viaPathHelper(n.path as AstPath);
    if (call.type === "SubExpression") {
      n.path = (call as hbs.AST.SubExpression).path;
      n.params = (call as hbs.AST.SubExpression).params;
    }
  }
  if (Array.isArray(n.params)) n.params = n.params.map(viaPathHelper);
  for (const pair of n.hash?.pairs ?? []) pair.value = viaPathHelper(pair.value);
  for (const [key, child] of Object.entries(node)) {
    if (key !== "loc" && key !== "path" && key !== "strip" && typeof child === "object") rewritePaths(child);
  }
}

/**
 * Parses a kit template so that a misspelt field is named wherever it is: every path of two or more parts
 * (`service.name`, `alternatives.length`) is read through {@link PATH_HELPER}. Compile the result with
 * `PATH_HELPER` among the known helpers, on an instance set up by {@link guardBuiltins}.
 */
export function parseStrict(source: string, srcName: string): Ast {
  const ast = Handlebars.parse(source, { srcName });
  rewritePaths(ast);
  return ast;
}

/**
 * Compiles a kit template (`srcName` is the name a failing call gives as its place) on an instance set up by
 * {@link guardBuiltins}: strict (a missing field is an error naming it, see {@link parseStrict}), only known
 * helpers (a misspelt one fails here, not as a blank), and `trackIds`, which hands every helper the paths of its
 * arguments. A syntax error or an unknown helper throws Handlebars' error at once, not at the first render.
 */
export function compileStrict(
  hb: typeof Handlebars,
  source: string,
  srcName: string,
  options: CompileOptions = {},
): Handlebars.TemplateDelegate {
  const strict: CompileOptions = {
    ...options,
    strict: true,
    trackIds: true,
    knownHelpersOnly: true,
    knownHelpers: { ...options.knownHelpers, [PATH_HELPER]: true },
    srcName,
  };
  const key = `${srcName}\u0000${JSON.stringify(options)}\u0000${source}`;
  let spec = compiledSpecs.get(key);
  if (spec === undefined) {
    // What `hb.compile` does on the first render, done now so that an error shows at once; and once, where
    // `precompile` as a check and `compile` for the template each parsed and compiled it. Without `srcName`:
    // Handlebars would also build a source map of the generated code, which nobody reads (errors name their place
    // through the tree's own locations, which `parseStrict` records).
    const { srcName: _map, ...compileOptions } = strict;
    // As `hb.compile` sets them: `data` unless turned off, and `compat` needs the depths.
    const settings = { data: true, ...compileOptions, ...(compileOptions.compat ? { useDepths: true } : {}) };
    const hbc = hb as typeof hb & HandlebarsCompilers;
    const environment = new hbc.Compiler().compile(parseStrict(source, srcName), settings);
    spec = new hbc.JavaScriptCompiler().compile(environment, settings, undefined, true);
    if (compiledSpecs.size >= MAX_COMPILED_SPECS) compiledSpecs.clear();
    compiledSpecs.set(key, spec);
  }
  // A compiled template is plain functions of its data and the instance's helpers and partials, so every instance
  // can run the one compiled from the same text.
  return hb.template(spec as TemplateSpecification);
}

/** The compiler classes every Handlebars instance carries, which the typings leave out. */
interface HandlebarsCompilers {
  Compiler: new () => { compile(ast: Ast, options: CompileOptions): unknown };
  JavaScriptCompiler: new () => {
    compile(environment: unknown, options: CompileOptions, context: undefined, asObject: true): unknown;
  };
}
type TemplateSpecification = Parameters<typeof Handlebars.template>[0];

/**
 * Compiled templates by name, options and text: every call's renderer compiles the same files, and a template
 * folder copied to edit one file compiles only that file afresh.
 */
const compiledSpecs = new Map<string, unknown>();
const MAX_COMPILED_SPECS = 512;

/**
 * Makes `{{#if}}`, `{{#unless}}`, `{{#each}}` and `{{#with}}` of `hb` throw, naming the field, when their value
 * is missing from the data: strict mode alone lets a misspelt last part of a block's path (`business.servics`)
 * through as false or an empty list. Also registers {@link PATH_HELPER}. Compile with `strict` and `trackIds`
 * (and `srcName` for the file).
 */
export function guardBuiltins(hb: typeof Handlebars): void {
  hb.registerHelper(PATH_HELPER, pathHelper);
  for (const name of GUARDED_BUILTINS) {
    const builtin = hb.helpers[name] as Helper;
    hb.registerHelper(name, function (this: unknown, ...args: unknown[]) {
      const options = args.at(-1) as HelperOptions;
      if (args.length < 2 || args[0] === undefined) {
        const field = fieldOf(options, 0);
        const what = field === null ? "its value" : `the field "${field}"`;
        throw new TypeError(`${callSite(name, options, 1)}: ${what} is missing from the data`);
      }
      return builtin.apply(this, args);
    });
  }
}
