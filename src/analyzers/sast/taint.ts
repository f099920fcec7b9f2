/**
 * Intra-procedural source → sink tracking over a tree-sitter tree, driven entirely by the language table
 * (node type names) and the taint rules (sinks). One walk per file in document order:
 *  - an assignment binds its target names to the taint of its right-hand side (or clears them);
 *  - taint of an expression: sanitizer call → clean for its families; source pattern → new taint; identifier →
 *    its binding; string literal → clean unless it interpolates something tainted; anything else → first tainted
 *    child (covers concatenation, format calls, member access on tainted values);
 *  - an `if` whose condition matches a guard (allow-list, prefix check…) cleans the names it mentions;
 *  - a call or assignment matching a sink with a tainted argument is a finding at the sink, carrying the flow.
 * Functions open a scope: parameters shadow outer names (clean unless a parameter source), closures see outer taint.
 */
import type { Node } from 'web-tree-sitter';
import type { Location } from '../../findings/types.js';
import { re, type LoadedRule } from './ruleset.js';
import type { Hit } from './finding.js';
import type { LanguageSpec, SinkSpec } from './types.js';

interface Step {
  line: number;
  column: number;
  text: string;
  message: string;
}

interface Taint {
  source: Step;
  steps: Step[];
  /** Families this value has been sanitised for, or 'all'. */
  clean: Set<string>;
  /** The origin is string building from non-constant values, not user input (only audit rules use it). */
  built?: boolean;
}

type Scope = Map<string, Taint | null>;

export interface TaintHit extends Hit {
  ruleId: string;
}

const MAX_TEXT = 400;
const GUARDED = '\u0000guarded:';
/** Scope key marking a name last assigned a constant (for audit rules, `q = "x"; run("a " + q)` is constant). */
const CONSTANT = '\u0000const:';
const CONSTANT_MARK: Taint = { source: { line: 0, column: 0, text: '', message: 'constant' }, steps: [], clean: new Set() };
const FORMAT_CALL = /(?:^|\.)(?:format|Sprintf|sprintf|snprintf|formatted|Format)$/;
const LITERAL = /^(?:integer|float|number|decimal_integer_literal|int_literal|number_literal|integer_literal|true|false|none|null|nil|boolean_literal|null_literal)$/;
const STRING_PARTS = /(content|fragment|start|end|escape_sequence|string_start|string_end|interpolation_brace|quote)$/;

function has(list: string[] | undefined, type: string): boolean {
  return list !== undefined && list.includes(type);
}

function short(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? one.slice(0, 57) + '…' : one;
}

function stepOf(node: Node, message: string): Step {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1, text: short(node.text), message };
}

export class TaintWalker {
  private readonly sourceRe: RegExp | undefined;
  private readonly sourceLabels: Array<{ re: RegExp; label: string; notFor: string[] }>;
  private readonly sinks: Array<{ rule: LoadedRule; sink: SinkSpec }>;
  private readonly sanitizers: Array<{ re: RegExp; families: Set<string> | 'all' }>;
  private readonly guards: Array<{ re: RegExp; families: Set<string> | 'all' }>;
  private readonly paramSources: RegExp[];
  private readonly handlerRe: RegExp | undefined;
  private readonly handlerSkip: RegExp | undefined;
  private readonly interpolation: RegExp | undefined;
  readonly hits: TaintHit[] = [];
  private readonly reported = new Set<string>();

  constructor(
    private readonly spec: LanguageSpec,
    rules: LoadedRule[],
    private readonly path: string,
  ) {
    const sources = [...(spec.sources ?? []).map((s) => s.pattern), ...rules.flatMap((r) => r.sources ?? [])];
    this.sourceRe = sources.length > 0 ? new RegExp(`^(?:${sources.join('|')})`) : undefined;
    this.sourceLabels = (spec.sources ?? []).map((s) => ({ re: re(`^(?:${s.pattern})`), label: s.label ?? 'user input', notFor: s.notFor ?? [] }));
    this.sinks = rules.flatMap((rule) => (rule.sinks ?? []).map((sink) => ({ rule, sink })));
    this.sanitizers = [
      ...(spec.sanitizers ?? []).map((s) => ({ re: re(s.callee), families: s.families === 'all' ? ('all' as const) : new Set(s.families) })),
      ...rules.flatMap((r) => (r.sanitizers ?? []).map((s) => ({ re: re(s), families: new Set([r.family]) }))),
    ];
    this.guards = (spec.guards ?? []).map((g) => ({ re: re(g.pattern), families: g.families === 'all' ? ('all' as const) : new Set(g.families) }));
    this.paramSources = (spec.paramSources ?? []).map((p) => re(p));
    this.handlerRe = spec.handlerPattern ? re(spec.handlerPattern) : undefined;
    this.handlerSkip = spec.handlerParamsSkip ? re(spec.handlerParamsSkip) : undefined;
    this.interpolation = spec.interpolation ? new RegExp(spec.interpolation, 'g') : undefined;
  }

  run(root: Node): void {
    this.walk(root, new Map());
  }

  // ---- statements -------------------------------------------------------------------------------------------

  private walk(node: Node, scope: Scope): void {
    const t = node.type;
    const spec = this.spec;
    if (has(spec.functions, t)) {
      const inner: Scope = new Map(scope);
      for (const c of node.namedChildren) if (c && has(spec.params, c.type)) this.bindParams(c, inner, this.isHandler(node, c));
      for (const c of node.namedChildren) if (c && !has(spec.params, c.type)) this.walk(c, inner);
      return;
    }
    if (has(spec.assignments, t)) {
      this.assignment(node, scope);
      return;
    }
    if (has(spec.ifs, t)) {
      const cond = node.childForFieldName('condition') ?? node.namedChildren[0];
      if (cond) {
        this.walk(cond, scope);
        this.guard(cond, scope);
      }
      for (const c of node.namedChildren) if (c && c !== cond && c.id !== cond?.id) this.walk(c, scope);
      return;
    }
    for (const c of node.namedChildren) if (c) this.walk(c, scope);
    if (has(spec.calls, t)) this.call(node, scope);
    else if (this.sinks.some((s) => s.sink.nodeType === t)) this.nodeSink(node, scope);
  }

  /** Decorators/annotations before the parameter list mark a web route handler (Flask @app.route, @GetMapping, [HttpGet]). */
  private isHandler(fn: Node, params: Node): boolean {
    if (!this.handlerRe) return false;
    const outer = fn.parent && /decorated/.test(fn.parent.type) ? fn.parent : fn;
    const header = outer.text.slice(0, Math.max(0, params.startIndex - outer.startIndex));
    return this.handlerRe.test(header);
  }

  private bindParams(params: Node, scope: Scope, handler = false): void {
    // Some grammars (Kotlin) put a parameter's annotations in a sibling node before it; carry that text over.
    let pending = '';
    for (const p of params.namedChildren) {
      if (!p) continue;
      const names = this.namesIn(p);
      if (names.length === 0) {
        pending += p.text + ' ';
        continue;
      }
      const text = pending + p.text;
      pending = '';
      const isSource = this.paramSources.some((r) => r.test(text)) || (handler && !(this.handlerSkip?.test(text) ?? false));
      for (const n of names) scope.set(n, isSource ? { source: stepOf(p, 'request parameter'), steps: [], clean: new Set() } : null);
    }
  }

  /** Identifier names declared by a target (`x`, `[a, b]`, `*p`, `$x`, Go expression lists). Member targets give none. */
  private namesIn(node: Node): string[] {
    if (has(this.spec.identifiers, node.type)) return [node.text];
    if (/member|attribute|subscript|selector|field|element|navigation|index/.test(node.type)) return [];
    const out: string[] = [];
    for (const c of node.namedChildren) {
      if (!c || /type|annotation|modifier|attribute_list/.test(c.type)) continue;
      out.push(...this.namesIn(c));
    }
    return out;
  }

  private assignment(node: Node, scope: Scope): void {
    const left = node.childForFieldName('left') ?? node.childForFieldName('name') ?? node.childForFieldName('declarator') ?? node.namedChildren[0];
    let right = node.childForFieldName('right') ?? node.childForFieldName('value');
    if (!right) {
      const named = node.namedChildren.filter((c): c is Node => c !== null && c.id !== left?.id && !/type|modifier/.test(c.type));
      right = named[named.length - 1] ?? null;
    }
    if (right) this.walk(right, scope);
    if (!left) return;
    // Built strings are tracked too (audit rules use them); user input wins when both apply.
    const taint = right ? this.taintOf(right, scope, true) : undefined;
    // Assignment sinks (el.innerHTML = x, cmd.CommandText = q).
    for (const { rule, sink } of this.sinks) {
      if (sink.assign === undefined || !right || !re(sink.assign).test(left.text.replace(/\s+/g, ''))) continue;
      const t = rule.audit ? (taint ?? this.taintOf(right, scope, true)) : taint;
      if (t && !this.isClean(t, rule.family) && (!t.built || rule.audit)) this.report(rule, node, t, right);
    }
    const augmented = /augmented|compound|operator_assignment/.test(node.type) || /^[^=]*[+.|]=/.test(node.text.slice(left.endIndex - node.startIndex, left.endIndex - node.startIndex + 4));
    const constant = !!right && !taint && this.isConstant(right, scope);
    for (const name of this.namesIn(left)) {
      if (taint) scope.set(name, { ...taint, steps: [...taint.steps, stepOf(node, `assigned to \`${name}\``)] });
      else if (!augmented) scope.set(name, null);
      if (constant && !augmented) scope.set(CONSTANT + name, CONSTANT_MARK);
      else scope.delete(CONSTANT + name);
    }
  }

  private guard(cond: Node, scope: Scope): void {
    const text = cond.text;
    const matching = this.guards.filter((g) => g.re.test(text));
    if (matching.length === 0) return;
    // Source expressions checked in the condition (`typeof req.body.id !== 'string'`) are clean afterwards too;
    // they are remembered under a key no identifier can have.
    for (const expr of this.sourceExpressionsIn(cond)) {
      const prev = scope.get(GUARDED + expr);
      const clean = new Set(prev?.clean ?? []);
      for (const g of matching) {
        if (g.families === 'all') clean.add('*');
        else for (const f of g.families) clean.add(f);
      }
      scope.set(GUARDED + expr, { source: { line: 0, column: 0, text: expr, message: 'guarded' }, steps: [], clean });
    }
    for (const id of this.identifiersIn(cond)) {
      const t = scope.get(id);
      if (!t) continue;
      const clean = new Set(t.clean);
      for (const g of matching) {
        if (g.families === 'all') clean.add('*');
        else for (const f of g.families) clean.add(f);
      }
      scope.set(id, { ...t, clean });
    }
  }

  private sourceExpressionsIn(node: Node): string[] {
    const out: string[] = [];
    const visit = (n: Node): void => {
      if (this.sourceAt(n)) {
        out.push(n.text);
        return;
      }
      for (const c of n.namedChildren) if (c) visit(c);
    };
    visit(node);
    return out;
  }

  private identifiersIn(node: Node): string[] {
    const out: string[] = [];
    const visit = (n: Node): void => {
      if (has(this.spec.identifiers, n.type)) out.push(n.text);
      for (const c of n.namedChildren) if (c) visit(c);
    };
    visit(node);
    return out;
  }

  // ---- calls and sinks --------------------------------------------------------------------------------------

  private argList(call: Node): Node | undefined {
    return call.namedChildren.find((c): c is Node => c !== null && has(this.spec.argLists, c.type));
  }

  private calleeText(call: Node): string {
    const args = this.argList(call);
    const end = args ? args.startIndex - call.startIndex : call.text.length;
    return call.text.slice(0, Math.min(end, MAX_TEXT)).replace(/\s+/g, '');
  }

  /** Positional arguments (wrappers unwrapped) and keyword-argument values. */
  private args(call: Node): { positional: Node[]; keyword: Node[] } {
    const list = this.argList(call);
    const positional: Node[] = [];
    const keyword: Node[] = [];
    for (const c of list?.namedChildren ?? []) {
      if (!c || c.type === 'comment') continue;
      if (has(this.spec.keywordArgs, c.type)) {
        const v = c.childForFieldName('value') ?? c.namedChildren[c.namedChildren.length - 1];
        if (v) keyword.push(v);
        continue;
      }
      // Wrapper nodes (C# `argument`, Kotlin `value_argument`) hold an optional name first, the expression last.
      const inner = has(this.spec.argWrappers, c.type) ? c.namedChildren[c.namedChildren.length - 1] : c;
      positional.push(inner ?? c);
    }
    return { positional, keyword };
  }

  private call(node: Node, scope: Scope): void {
    const callee = this.calleeText(node);
    for (const p of this.spec.propagators ?? []) {
      if (!re(p.callee).test(callee)) continue;
      const { positional } = this.args(node);
      const target = positional[p.into];
      const others = positional.filter((_, i) => i !== p.into);
      const from: Taint | undefined = p.source
        ? { source: stepOf(node, p.source), steps: [], clean: new Set<string>() }
        : (others.map((a) => this.taintOf(a, scope)).find((x) => x) ?? this.builtAt(node, scope) ?? others.map((a) => this.builtAt(a, scope)).find((x) => x));
      if (target && from) for (const n of this.namesIn(target)) scope.set(n, { ...from, steps: [...from.steps, stepOf(node, `copied into \`${n}\``)] });
    }
    for (const { rule, sink } of this.sinks) {
      if (sink.callee === undefined || !re(sink.callee).test(callee)) continue;
      const argText = this.argList(node)?.text ?? '';
      if (sink.argsMatch !== undefined && !re(sink.argsMatch).test(argText)) continue;
      if (sink.argsNotMatch !== undefined && re(sink.argsNotMatch).test(argText)) continue;
      if (sink.notAfter !== undefined && re(sink.notAfter).test(this.functionTextBefore(node))) continue;
      const { positional, keyword } = this.args(node);
      const chosen = sink.args ? sink.args.map((i) => positional[i < 0 ? positional.length + i : i]).filter((x): x is Node => !!x) : [...positional, ...keyword];
      if (sink.receiver) {
        const recv = this.receiverOf(node);
        if (recv) chosen.push(recv);
      }
      for (const a of chosen) {
        const t = this.taintOf(a, scope, rule.audit);
        if (t && !this.isClean(t, rule.family) && (!t.built || rule.audit)) {
          this.report(rule, node, t, a);
          break;
        }
      }
    }
  }

  /** Source text of the innermost enclosing function from its start up to `node` (the whole file prefix at top level). */
  private functionTextBefore(node: Node): string {
    let fn: Node | null = node.parent;
    while (fn && !has(this.spec.functions, fn.type)) fn = fn.parent;
    // Only the enclosing function's own text (not the whole file's) is materialised for each matching call.
    const scope = fn ?? node.tree.rootNode;
    return scope.text.slice(0, node.startIndex - scope.startIndex);
  }

  /** The object a method is called on: Ruby `receiver`, Java `object`, or the object of a member callee. */
  private receiverOf(call: Node): Node | undefined {
    const direct = call.childForFieldName('receiver') ?? call.childForFieldName('object');
    if (direct) return direct;
    const fn = call.childForFieldName('function') ?? call.namedChildren[0];
    return fn?.childForFieldName('object') ?? fn?.childForFieldName('operand') ?? fn?.childForFieldName('expression') ?? undefined;
  }

  private nodeSink(node: Node, scope: Scope): void {
    for (const { rule, sink } of this.sinks) {
      if (sink.nodeType !== node.type) continue;
      // A string-like sink node (Ruby backticks) is judged as a whole; others (echo, include) by their operands.
      const operands = has(this.spec.strings, node.type) ? [node] : node.namedChildren;
      for (const a of operands) {
        const t = a ? this.taintOf(a, scope, rule.audit) : undefined;
        if (a && t && !this.isClean(t, rule.family) && (!t.built || rule.audit)) {
          this.report(rule, node, t, a);
          break;
        }
      }
    }
  }

  private isClean(t: Taint, family: string): boolean {
    return t.clean.has('*') || t.clean.has(family);
  }

  private report(rule: LoadedRule, sink: Node, t: Taint, arg: Node): void {
    const key = `${rule.id}@${sink.startIndex}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const line = sink.startPosition.row + 1;
    const loc = (s: Step): Location & { message: string } => ({ path: this.path, startLine: s.line, startColumn: s.column, snippet: s.text, message: s.message });
    const flow = [
      loc({ ...t.source, message: t.built ? `built: ${t.source.message}` : `source: ${t.source.message} \`${t.source.text}\`` }),
      ...t.steps.map(loc),
      loc({ ...stepOf(sink, `sink: ${rule.sinkLabel}`), text: short(arg.text) }),
    ];
    // The region ends with the last data argument, not with trailing callbacks, so that in review mode an edit deep
    // in a callback does not keep the finding alive and annotations stay on the sink call.
    const list = this.argList(sink);
    const lastData = list?.namedChildren.filter((c): c is Node => c !== null && !has(this.spec.functions, c.type) && !has(this.spec.functions, c.namedChildren[0]?.type ?? '')).at(-1);
    const candidate = lastData && lastData.endIndex >= arg.endIndex ? lastData : arg;
    const end = candidate.endIndex <= sink.endIndex && candidate.startIndex >= sink.startIndex ? candidate : sink;
    this.hits.push({
      ruleId: rule.id,
      startLine: line,
      endLine: end.endPosition.row + 1,
      startColumn: sink.startPosition.column + 1,
      endColumn: end.endPosition.column + 1,
      message: t.built
        ? `The ${rule.sinkLabel} at line ${line} is built from non-constant values (\`${t.source.text}\`, line ${t.source.line}). ${rule.message}`
        : `${t.source.message === 'request parameter' ? 'Request parameter' : 'User input'} from \`${t.source.text}\` (line ${t.source.line}) reaches ${rule.sinkLabel} at line ${line}. ${rule.message}`,
      flow,
    });
  }

  // ---- expressions ------------------------------------------------------------------------------------------

  /**
   * Taint of an expression. With `withBuilt`, a string assembled from non-constant parts is a (weaker) origin too,
   * used by audit rules; user input always takes precedence.
   */
  taintOf(node: Node, scope: Scope, withBuilt = false): Taint | undefined {
    const user = this.userTaint(node, scope);
    if (user && !user.built) return user;
    if (!withBuilt) return user && !user.built ? user : undefined;
    return user ?? this.builtAt(node, scope);
  }

  private userTaint(node: Node, scope: Scope): Taint | undefined {
    const t = node.type;
    const spec = this.spec;
    if (has(spec.functions, t) || t === 'comment') return undefined;
    if (has(spec.identifiers, t)) return scope.get(node.text) ?? this.sourceAt(node, scope);
    if (has(spec.strings, t)) return this.stringTaint(node, scope);
    if (has(spec.calls, t)) {
      const callee = this.calleeText(node);
      const san = this.sanitizers.filter((s) => s.re.test(callee));
      if (san.some((s) => s.families === 'all')) return undefined;
      const inner = this.sourceAt(node, scope) ?? this.childrenTaint(node, scope);
      if (!inner || san.length === 0) return inner;
      const clean = new Set(inner.clean);
      for (const s of san) for (const f of s.families as Set<string>) clean.add(f);
      return { ...inner, clean };
    }
    return this.sourceAt(node, scope) ?? this.childrenTaint(node, scope);
  }

  /** A string assembled from a literal and at least one non-constant part, or a variable holding one. */
  private builtAt(node: Node, scope: Scope): Taint | undefined {
    const t = node.type;
    const spec = this.spec;
    if (has(spec.identifiers, t)) {
      const bound = scope.get(node.text);
      return bound?.built ? bound : undefined;
    }
    if (node.endIndex - node.startIndex > 2000) return undefined;
    const mk = (): Taint => ({ source: stepOf(node, 'string built from non-constant values'), steps: [], clean: new Set(), built: true });
    if (has(spec.strings, t)) {
      const dynamic = node.namedChildren.some((c) => c !== null && !STRING_PARTS.test(c.type) && !this.isConstant(c, scope));
      if (dynamic) return mk();
      if (this.interpolation) {
        this.interpolation.lastIndex = 0;
        if (this.interpolation.test(node.text)) return mk();
      }
      return undefined;
    }
    if (/binary|concatenat/.test(t)) {
      const parts = node.namedChildren.filter((c): c is Node => c !== null);
      const stringy = parts.some((c) => has(spec.strings, c.type) || this.builtAt(c, scope) !== undefined);
      const variable = parts.some((c) => !this.isConstant(c, scope));
      return stringy && variable ? mk() : undefined;
    }
    if (has(spec.calls, t) && FORMAT_CALL.test(this.calleeText(node))) {
      const { positional } = this.args(node);
      return positional.slice(1).some((a) => !this.isConstant(a, scope)) || (positional.length === 1 && !this.isConstant(positional[0]!, scope)) ? mk() : undefined;
    }
    // Wrappers with one child (parentheses, Go expression lists, argument nodes) are transparent.
    if (node.namedChildCount === 1 && !has(spec.calls, t)) {
      const inner = node.namedChildren[0];
      return inner ? this.builtAt(inner, scope) : undefined;
    }
    return undefined;
  }

  /** Literals, strings without interpolation, and casts/sanitizers for every family are constant for audit purposes. */
  private isConstant(node: Node, scope?: Scope): boolean {
    const t = node.type;
    if (LITERAL.test(t) || STRING_PARTS.test(t) || t === 'comment') return true;
    if (has(this.spec.identifiers, t)) return scope?.get(CONSTANT + node.text) === CONSTANT_MARK;
    if (has(this.spec.strings, t)) return node.namedChildren.every((c) => c === null || STRING_PARTS.test(c.type) || this.isConstant(c, scope)) && !(this.interpolation && new RegExp(this.interpolation.source).test(node.text));
    if (/binary|concatenat|parenthesized|^tuple$|^list$|^array$|expression_list/.test(t)) return node.namedChildren.every((c) => c === null || this.isConstant(c, scope));
    // Any sanitizer (cast, escaping, quoting) makes its result fit for building strings.
    if (has(this.spec.calls, t)) return this.sanitizers.some((s) => s.re.test(this.calleeText(node)));
    return false;
  }

  private sourceAt(node: Node, scope?: Scope): Taint | undefined {
    if (!this.sourceRe || node.endIndex - node.startIndex > MAX_TEXT) return undefined;
    const text = node.text;
    if (!this.sourceRe.test(text)) return undefined;
    const src = this.sourceLabels.find((l) => l.re.test(text));
    const label = src?.label ?? 'user input';
    const guarded = scope?.get(GUARDED + text);
    // Name the source itself, not the whole expression it starts (`req.query.q === 'x' ? … : …` → `req.query.q`).
    const source = stepOf(node, label);
    const head = /^[^\s?:=!<>|&+,;]+/.exec(text)?.[0];
    if (head && head.length < text.length && (head.match(/\(/g) ?? []).length === (head.match(/\)/g) ?? []).length) source.text = short(head);
    return { source, steps: [], clean: new Set([...(guarded?.clean ?? []), ...(src?.notFor ?? [])]) };
  }

  private childrenTaint(node: Node, scope: Scope): Taint | undefined {
    let best: Taint | undefined;
    for (const c of node.namedChildren) {
      if (!c) continue;
      const ct = this.taintOf(c, scope);
      // Prefer user input over built strings, then the least-sanitised value.
      const rank = (x: Taint): number => (x.built ? 1000 : 0) + x.clean.size;
      if (ct && (!best || rank(ct) < rank(best))) best = ct;
      if (best && rank(best) === 0) break;
    }
    return best;
  }

  private stringTaint(node: Node, scope: Scope): Taint | undefined {
    for (const c of node.namedChildren) {
      if (!c || STRING_PARTS.test(c.type)) continue;
      const ct = this.taintOf(c, scope);
      if (ct) return ct;
    }
    if (this.interpolation) {
      this.interpolation.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = this.interpolation.exec(node.text)) !== null) {
        const bound = m[1] ? scope.get(m[1]) : undefined;
        if (bound) return bound;
      }
    }
    return undefined;
  }
}
