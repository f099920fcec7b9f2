/**
 * One pass over a syntax tree computes every per-function metric. A TreeCursor walk (no Node objects per node:
 * they cross the wasm boundary and allocate) feeds the innermost function's accumulator; Node objects are only
 * made where the table needs structure (function names, else-if chains, boolean sequences, labels, calls).
 */
import type { Node, Tree, TreeCursor } from 'web-tree-sitter';
import type { FunctionSpec, LanguageTable } from './table.js';

export interface CognitiveIncrement {
  line: number;
  increment: number;
  nesting: number;
  reason: string;
}

/** What the walker measures for one function (Halstead counts are raw; metrics.ts derives the rest). */
export interface RawFunction {
  name: string;
  /** Container-qualified name ("Order.parse", "outer.inner") used to match functions across versions. */
  qualifiedName: string;
  anonymous: boolean;
  startLine: number;
  endLine: number;
  startIndex: number;
  endIndex: number;
  cyclomatic: number;
  cognitive: number;
  cognitiveDetails: CognitiveIncrement[];
  nesting: number;
  params: number;
  lines: number;
  logicalLines: number;
  lowConfidence: boolean;
  operators: Map<string, number>;
  operands: Map<string, number>;
  /** Deepest control structure: where a deep-nesting smell points. */
  deepest?: { startLine: number; endLine: number; depth: number };
}

export interface RawFile {
  functions: RawFunction[];
  /** Lines holding code (not blank, not only comments). */
  codeLines: number;
  totalLines: number;
  /** Share of the text inside ERROR or MISSING nodes, 0..1. */
  errorShare: number;
}

/** A table compiled to sets and maps for the hot loop. */
interface Compiled {
  table: LanguageTable;
  functions: Map<string, FunctionSpec[]>;
  comments: Set<string>;
  literals: Set<string>;
  tokens: Set<string>;
  restrictedTokens: Map<string, Set<string>>;
  decisionNodes: Set<string>;
  arms: Map<string, string>;
  namedTokens: Map<string, Set<string>>;
  structures: Set<string>;
  expressions: Set<string>;
  ifs: Set<string>;
  elses: Set<string>;
  elseIfs: Set<string>;
  logical: Set<string>;
  logicalOps: Set<string>;
  logicalGroups: Set<string>;
  jumps: Set<string>;
  labeledJumps: Set<string>;
  labels: Set<string>;
  calls: Set<string>;
  callStructures: Set<string>;
  callDecisions: Set<string>;
  callIfs: Set<string>;
  containers: Map<string, string>;
  paramLists: Set<string>;
  paramIgnore: Set<string>;
}

const compiledCache = new WeakMap<LanguageTable, Compiled>();

function compile(table: LanguageTable): Compiled {
  const hit = compiledCache.get(table);
  if (hit) return hit;
  const functions = new Map<string, FunctionSpec[]>();
  for (const f of table.functions) functions.set(f.type, [...(functions.get(f.type) ?? []), f]);
  const tokens = new Set<string>();
  const restrictedTokens = new Map<string, Set<string>>();
  for (const t of table.cyclomatic.tokens) {
    if (typeof t === 'string') tokens.add(t);
    else restrictedTokens.set(t.token, new Set([...(restrictedTokens.get(t.token) ?? []), ...t.parents]));
  }
  const c = table.cognitive;
  const compiled: Compiled = {
    table,
    functions,
    comments: new Set(table.comments),
    literals: new Set(table.literals ?? []),
    tokens,
    restrictedTokens,
    decisionNodes: new Set(table.cyclomatic.nodes ?? []),
    arms: new Map(Object.entries(table.cyclomatic.arms ?? {})),
    namedTokens: new Map(Object.entries(table.cyclomatic.namedTokens ?? {}).map(([k, v]) => [k, new Set(v)])),
    structures: new Set(c.structures),
    expressions: new Set(c.expressions ?? []),
    ifs: new Set(c.ifs),
    elses: new Set(c.elses ?? []),
    elseIfs: new Set(c.elseIfs ?? []),
    logical: new Set(c.logical),
    logicalOps: new Set(c.logicalOperators),
    logicalGroups: new Set(c.logicalGroups ?? []),
    jumps: new Set(c.jumps ?? []),
    labeledJumps: new Set(c.labeledJumps ?? []),
    labels: new Set(c.labels ?? []),
    calls: new Set(c.calls ?? []),
    callStructures: new Set(c.callStructures ?? []),
    callDecisions: new Set(table.cyclomatic.callDecisions ?? []),
    callIfs: new Set(c.callIfs ?? []),
    containers: new Map(Object.entries(table.containers ?? {})),
    paramLists: new Set(table.paramLists ?? []),
    paramIgnore: new Set([...(table.paramIgnore ?? []), ...table.comments]),
  };
  compiledCache.set(table, compiled);
  return compiled;
}

/** Accumulator for the function being walked (or the file's top-level code). */
interface Acc {
  raw: RawFunction;
  rows: Set<number>;
  /** The node holding the name when it is itself a call (Elixir `def parse(x)`): not a recursive call. */
  headId?: number;
}

/** A function that receives cognitive increments, with its own nesting level. */
interface Frame {
  acc: Acc;
  nesting: number;
}

interface State {
  acc: Acc | undefined;
  frames: Frame[];
  /** Control-structure depth inside the innermost function (max-nesting metric). */
  depth: number;
}

function oneLine(text: string): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/**
 * Next link of a declarator chain: the field, or the inside of declarators that hold it positionally
 * (`(*f(int))(void)`, C++ `T& f()`).
 */
function nextLink(n: Node, field: string): Node | null {
  return n.childForFieldName(field) ?? (n.type.startsWith('parenthesized') || n.type === 'reference_declarator' ? n.firstNamedChild : null);
}

function followChain(node: Node, field: string): Node | undefined {
  let n = node;
  for (let c = nextLink(n, field); c; c = nextLink(n, field)) n = c;
  return n === node ? undefined : n;
}

const TRANSPARENT = /(expression_list|variable_list|parenthesized_expression|lambda_literal|annotated_lambda)$/;

/** Resolve "a/#type/b": field a, then the first named child of that type, then field b. */
function resolvePath(node: Node, path: string): Node | undefined {
  let n: Node | null | undefined = node;
  for (const step of path.split('/')) {
    if (!n) return undefined;
    n = step.startsWith('#') ? n.namedChildren.find((ch) => ch?.type === step.slice(1)) : n.childForFieldName(step);
  }
  return n ?? undefined;
}

function nameNode(node: Node, spec: FunctionSpec): Node | undefined {
  if (!spec.name) return undefined;
  for (const alt of spec.name.split('|')) {
    const n = alt.endsWith('*') ? followChain(node, alt.slice(0, -1)) : alt.includes('/') ? resolvePath(node, alt) : node.childForFieldName(alt);
    if (n) return n;
  }
  return undefined;
}

function functionName(node: Node, spec: FunctionSpec, c: Compiled): string | undefined {
  const n = nameNode(node, spec);
  if (n) return oneLine(n.text);
  if (spec.label) return spec.label;
  // Anonymous: `const parseOrder = () => …`, `{ parseOrder: function () … }`, `f := func() …`.
  let child: Node = node;
  let parent = node.parent;
  for (let hops = 0; parent && hops < 3; hops++) {
    const field = c.table.nameFromParent?.[parent.type];
    if (field) {
      let target = parent.childForFieldName(field) ?? parent.namedChildren.find((n) => n?.type === field);
      // Kotlin `val f: (Int) -> Int = { … }`: the declaration holds the name and its type; keep the name.
      if (target?.type === 'variable_declaration') target = target.namedChildren.find((n) => n !== null && /identifier$/.test(n.type)) ?? target;
      if (target && target.id !== child.id) return oneLine(target.text);
    }
    // Only look further up through wrappers (`a, b := func…`, `(function () {…})`), not through calls.
    if (!TRANSPARENT.test(parent.type)) break;
    child = parent;
    parent = parent.parent;
  }
  return undefined;
}

function paramList(node: Node, spec: FunctionSpec, c: Compiled): Node | undefined {
  if (spec.params) {
    for (const alt of spec.params.split('|')) {
      const star = alt.indexOf('*');
      if (star < 0) {
        const p = alt.includes('/') ? resolvePath(node, alt) : node.childForFieldName(alt);
        if (p) return p;
        continue;
      }
      // The innermost declarator with parameters is the function's own (outer ones belong to a returned pointer).
      const chain = alt.slice(0, star);
      const field = alt.slice(star + 1);
      let found: Node | undefined;
      for (let n: Node | null = node; n; n = nextLink(n, chain)) found = n.childForFieldName(field) ?? found;
      if (found) return found;
    }
    return undefined;
  }
  for (const child of node.namedChildren) if (child && c.paramLists.has(child.type)) return child;
  return undefined;
}

function countParams(node: Node, spec: FunctionSpec, c: Compiled): number {
  if (spec.paramChildren) return node.namedChildren.filter((n) => n?.type === spec.paramChildren).length;
  const list = paramList(node, spec, c);
  if (!list) return 0;
  if (c.paramLists.size > 0 && !c.paramLists.has(list.type)) return list.isNamed ? 1 : 0;
  const namesField = c.table.paramNamesField;
  let n = 0;
  for (const p of list.namedChildren) {
    if (!p || c.paramIgnore.has(p.type)) continue;
    if (namesField) n += Math.max(1, p.childrenForFieldName(namesField).length);
    else n++;
  }
  return n;
}

function qualifiedName(node: Node, name: string, c: Compiled): string {
  const parts = [name];
  for (let p = node.parent; p; p = p.parent) {
    const field = c.containers.get(p.type);
    if (field) {
      const n = p.childForFieldName(field);
      if (n) parts.unshift(oneLine(n.text));
      continue;
    }
    const specs = c.functions.get(p.type);
    if (specs) {
      const spec = specs.find((s) => matches(p, s));
      if (spec) parts.unshift(functionName(p, spec, c) ?? '(anonymous)');
    }
  }
  return parts.join('.');
}

function matches(node: Node, spec: FunctionSpec): boolean {
  if (spec.targets && !spec.targets.includes(node.childForFieldName('target')?.text ?? '')) return false;
  if (spec.parents && !spec.parents.includes(node.parent?.type ?? '')) return false;
  if (spec.requires && !node.namedChildren.some((ch) => ch && spec.requires!.includes(ch.type))) return false;
  return true;
}

/**
 * The called name when the call can be a self-call: a bare name (`parse(x)`), or a member of this/self/the
 * class (`this.parse`, `self.parse`, `Self::parse`, `static::parse`). `other.parse()` is someone else's method.
 */
function calleeName(node: Node): string | undefined {
  const method = node.childForFieldName('method') ?? node.childForFieldName('name');
  const receiver = node.childForFieldName('receiver') ?? node.childForFieldName('object') ?? node.childForFieldName('scope');
  if (method && node.childForFieldName('function') === null) {
    if (receiver && !SELF.test(receiver.text)) return undefined;
    return method.text;
  }
  const callee = node.childForFieldName('function') ?? node.namedChild(0);
  if (!callee) return undefined;
  const text = callee.text.replace(/(<[^<>]*>|\[[^[\]]*\])\s*$/, '').trim();
  const m = /^(?:(.*?)\s*(?:\.|::|->|:)\s*)?([A-Za-z_$][\w$]*[?!]?)$/s.exec(text);
  if (!m) return undefined;
  return m[1] === undefined || SELF.test(m[1]) ? m[2] : undefined;
}

const SELF = /^(this|self|Self|static|parent|\$this|@)$/;

/** A child's operator key: its type, or its text for named operator leaves (Scala's operator_identifier). */
function opKey(n: Node, c: Compiled): string | undefined {
  if (c.logicalOps.has(n.type)) return n.type;
  if (n.isNamed && n.childCount === 0 && c.logicalOps.has(n.text)) return n.text;
  return undefined;
}

function operatorOf(node: Node, c: Compiled): string | undefined {
  const op = node.childForFieldName('operator');
  if (op) return opKey(op, c);
  for (const ch of node.children) {
    const k = ch && opKey(ch, c);
    if (k) return k;
  }
  return undefined;
}

/** Operators of a boolean expression in source order, through parentheses. */
function logicalSequence(node: Node, c: Compiled, out: string[]): void {
  const op = c.logical.has(node.type) ? operatorOf(node, c) : undefined;
  if (op) {
    let seenOp = false;
    for (const ch of node.children) {
      if (!ch) continue;
      if (!seenOp && opKey(ch, c) === op) {
        out.push(op);
        seenOp = true;
      } else if (ch.isNamed) logicalSequence(ch, c, out);
    }
  } else if (c.logicalGroups.has(node.type)) {
    for (const ch of node.namedChildren) if (ch) logicalSequence(ch, c, out);
  }
}

function siblingBody(node: Node, type: string): Node | undefined {
  const next = node.nextNamedSibling;
  if (next?.type === type) return next;
  const parentNext = node.parent?.nextNamedSibling;
  return parentNext?.type === type && node.parent?.namedChildCount === 1 ? parentNext : undefined;
}

function newAcc(node: Node, spec: FunctionSpec, c: Compiled): Acc {
  const name = functionName(node, spec, c) ?? '(anonymous)';
  const startLine = node.startPosition.row + 1;
  let endLine = node.endPosition.row + 1;
  if (node.endPosition.column === 0 && endLine > startLine) endLine--;
  return {
    rows: new Set(),
    headId: nameNode(node, spec)?.parent?.id,
    raw: {
      name,
      qualifiedName: qualifiedName(node, name, c),
      anonymous: !nameNode(node, spec) && !spec.label,
      startLine,
      endLine,
      startIndex: node.startIndex,
      endIndex: node.endIndex,
      cyclomatic: 1,
      cognitive: 0,
      cognitiveDetails: [],
      nesting: 0,
      params: countParams(node, spec, c),
      lines: endLine - startLine + 1,
      logicalLines: 0,
      lowConfidence: node.hasError,
      operators: new Map(),
      operands: new Map(),
    },
  };
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Measure every function in `tree`. */
export function measureTree(tree: Tree, table: LanguageTable): RawFile {
  const c = compile(table);
  const functions: RawFunction[] = [];
  const codeRows = new Set<number>();
  let errorBytes = 0;
  const treeHasError = tree.rootNode.hasError;
  let cursor = tree.walk();
  /** Dart bodies walked with their signature: skipped when the main walk reaches them. */
  const consumed = new Set<number>();
  /** Else blocks of if-like calls (Elixir `if … else … end`), found when their call is entered. */
  const callElses = new Set<number>();

  const increment = (st: State, line: number, structural: boolean, reason: string): void => {
    st.frames.forEach((f, i) => {
      const inc = structural ? 1 + f.nesting : 1;
      f.acc.raw.cognitive += inc;
      // Frames after the first are enclosing functions receiving a closure's increments.
      f.acc.raw.cognitiveDetails.push({ line, increment: inc, nesting: structural ? f.nesting : 0, reason: i === 0 ? reason : `${reason} (in closure)` });
    });
  };
  const nested = (st: State, control: boolean): State => ({
    acc: st.acc,
    frames: st.frames.map((f) => ({ acc: f.acc, nesting: f.nesting + 1 })),
    depth: control ? st.depth + 1 : st.depth,
  });
  const noteDepth = (st: State, cur: TreeCursor): void => {
    const raw = st.acc?.raw;
    if (raw && st.depth > raw.nesting) {
      raw.nesting = st.depth;
      raw.deepest = { startLine: cur.startPosition.row + 1, endLine: cur.endPosition.row + 1, depth: st.depth };
    }
  };

  // The parent's type and whether we are inside a counted boolean sequence travel as arguments, not in the state,
  // so walking a node allocates nothing.
  const children = (st: State, type: string, inLogical = false): void => {
    if (!cursor.gotoFirstChild()) return;
    do visit(st, type, inLogical);
    while (cursor.gotoNextSibling());
    cursor.gotoParent();
  };

  /** An if (or else-if) node: condition and body nested, else branches handled as hybrid increments. */
  const ifNode = (st: State, type: string, elseIf: boolean): void => {
    let elseState: State | undefined;
    const line = cursor.startPosition.row + 1;
    increment(st, line, !elseIf, elseIf ? 'else if' : type);
    const inner = nested(st, true);
    noteDepth(inner, cursor);
    if (!cursor.gotoFirstChild()) return;
    let afterElse = false;
    do {
      const t = cursor.nodeType;
      const field = cursor.currentFieldName;
      if (t === 'else' && !c.elses.has(t)) {
        afterElse = true;
        visit(inner, type, false);
        continue;
      }
      const branch = cursor.nodeIsNamed && ((field && field === c.table.cognitive.alternativeField) || c.elses.has(t) || c.elseIfs.has(t));
      if (afterElse || branch) {
        // Once in the else branch, later siblings (Swift's statements) belong to it too: nest them with it.
        if (afterElse && elseState) visit(elseState, type, false);
        else elseState = elseBranch(st, t, type);
      } else visit(inner, type, false);
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  };

  /** Visit an else branch; returns the nested state for siblings that continue it (else-if chains return none). */
  const elseBranch = (st: State, type: string, ifType: string): State | undefined => {
    const line = cursor.startPosition.row + 1;
    if (c.elseIfs.has(type) || c.ifs.has(type)) {
      ifNode(st, type, true);
      return undefined;
    }
    if (c.elses.has(type)) {
      const node = cursor.currentNode;
      const named = node.namedChildren.filter((n) => n && !c.comments.has(n.type));
      if (named.length === 1 && c.ifs.has(named[0]!.type)) {
        // `else if` written as an else wrapping an if: one hybrid increment for the pair.
        if (!cursor.gotoFirstChild()) return undefined;
        do {
          if (cursor.nodeIsNamed && c.ifs.has(cursor.nodeType)) ifNode(st, cursor.nodeType, true);
          else visit(st, type, false);
        } while (cursor.gotoNextSibling());
        cursor.gotoParent();
        return undefined;
      }
    }
    increment(st, line, false, 'else');
    const inner = nested(st, true);
    noteDepth(inner, cursor);
    visit(inner, ifType, false);
    return inner;
  };

  const visit = (st: State, parentType: string, inLogical: boolean): void => {
    const type = cursor.nodeType;
    const named = cursor.nodeIsNamed;
    // Only trees with errors pay for the MISSING check (one more call into wasm per node).
    if (type === 'ERROR' || (treeHasError && cursor.nodeIsMissing)) {
      errorBytes += Math.max(1, cursor.endIndex - cursor.startIndex);
      if (st.acc) st.acc.raw.lowConfidence = true;
    }
    if (named && c.comments.has(type)) return;
    if (consumed.size > 0 && consumed.has(cursor.nodeId)) return;
    if (callElses.size > 0 && callElses.delete(cursor.nodeId)) increment(st, cursor.startPosition.row + 1, false, 'else');

    const specs = named ? c.functions.get(type) : undefined;
    if (specs) {
      const node = cursor.currentNode;
      let spec = specs.find((s) => matches(node, s));
      // A signature without its body (abstract, external) is a declaration, not a function to measure.
      const body = spec?.bodySibling ? siblingBody(node, spec.bodySibling) : undefined;
      if (spec?.bodySibling && !body) spec = undefined;
      if (spec) {
        const acc = newAcc(node, spec, c);
        functions.push(acc.raw);
        // Closures and lambdas count (nested) for their enclosing function too; named inner functions do not.
        const outer = spec.anonymous ? st.frames.map((f) => ({ acc: f.acc, nesting: f.nesting + 1 })) : [];
        const fnState: State = { acc, frames: [{ acc, nesting: 0 }, ...outer], depth: 0 };
        children(fnState, type);
        if (body) {
          const saved = cursor;
          cursor = body.walk();
          try {
            visit(fnState, type, false);
          } finally {
            cursor.delete();
            cursor = saved;
          }
          consumed.add(body.id);
          acc.raw.endLine = body.endPosition.row + 1;
          acc.raw.endIndex = body.endIndex;
          acc.raw.lines = acc.raw.endLine - acc.raw.startLine + 1;
          acc.raw.lowConfidence ||= body.hasError;
        }
        acc.raw.logicalLines = acc.rows.size;
        return;
      }
    }

    const acc = st.acc;
    if (named && c.literals.has(type)) {
      const row = cursor.startPosition.row;
      const endRow = cursor.endPosition.row;
      for (let r = row; r <= endRow; r++) {
        codeRows.add(r);
        acc?.rows.add(r);
      }
      if (acc) bump(acc.raw.operands, cursor.nodeText);
      return;
    }

    if (!cursor.gotoFirstChild()) {
      const row = cursor.startPosition.row;
      // A leaf: a Halstead operator (unnamed) or operand (named), a possible decision token, a code line.
      codeRows.add(row);
      if (!acc) return;
      acc.rows.add(row);
      if (named) {
        const text = cursor.nodeText;
        bump(acc.raw.operands, text);
        if (c.namedTokens.get(type)?.has(text)) acc.raw.cyclomatic++;
      } else {
        bump(acc.raw.operators, type);
        if (c.tokens.has(type) || c.restrictedTokens.get(type)?.has(parentType)) acc.raw.cyclomatic++;
      }
      return;
    }
    cursor.gotoParent();
    if (!named || !acc) return children(st, type);
    const line = (): number => cursor.startPosition.row + 1;

    if (c.decisionNodes.has(type)) acc.raw.cyclomatic++;
    const arm = c.arms.get(type);
    if (arm) acc.raw.cyclomatic += Math.max(0, cursor.currentNode.namedChildren.filter((n) => n?.type === arm).length - 1);

    if (c.ifs.has(type)) return ifNode(st, type, false);
    if (c.callStructures.size > 0 && c.calls.has(type)) {
      const target = cursor.currentNode.childForFieldName('target')?.text ?? '';
      if (c.callDecisions.has(target)) acc.raw.cyclomatic++;
      if (c.callStructures.has(target)) {
        increment(st, line(), true, target);
        if (c.callIfs.has(target)) {
          // The else block is a child of the call or of its `do` block; it is walked with the body's nesting.
          for (const ch of cursor.currentNode.namedChildren) {
            if (!ch) continue;
            if (c.elses.has(ch.type)) callElses.add(ch.id);
            else for (const g of ch.namedChildren) if (g && c.elses.has(g.type)) callElses.add(g.id);
          }
        }
        const inner = nested(st, true);
        noteDepth(inner, cursor);
        return children(inner, type);
      }
    }
    if (c.structures.has(type) || c.expressions.has(type)) {
      increment(st, line(), true, type);
      const inner = nested(st, c.structures.has(type));
      if (c.structures.has(type)) noteDepth(inner, cursor);
      return children(inner, type);
    }
    if (c.logical.has(type) && inLogical) {
      // Part of a sequence already counted at its root: keep going through like nodes.
      if (operatorOf(cursor.currentNode, c)) return children(st, type, true);
    } else if (c.logical.has(type)) {
      const node = cursor.currentNode;
      if (operatorOf(node, c)) {
        const ops: string[] = [];
        logicalSequence(node, c, ops);
        // One fundamental increment per run of like operators: `a && b && c || d` is two.
        const at = line();
        ops.forEach((op, i) => {
          if (i === 0 || op !== ops[i - 1]) increment(st, at, false, `boolean operator ${op}`);
        });
        return children(st, type, true);
      }
    }
    if (c.logicalGroups.has(type) && inLogical) return children(st, type, true);
    if (c.jumps.has(type)) increment(st, line(), false, type);
    else if (c.labeledJumps.has(type)) {
      const node = cursor.currentNode;
      if (node.namedChildren.some((n) => n && !c.comments.has(n.type) && (c.labels.size === 0 || c.labels.has(n.type)))) increment(st, line(), false, `${type} to label`);
    } else if (c.calls.has(type)) {
      const callee = calleeName(cursor.currentNode);
      const id = cursor.nodeId;
      for (const f of st.frames) {
        if (callee && id !== f.acc.headId && !f.acc.raw.anonymous && callee === f.acc.raw.name.replace(/^.*(::|\.)/, '')) {
          f.acc.raw.cognitive += 1;
          f.acc.raw.cognitiveDetails.push({ line: line(), increment: 1, nesting: 0, reason: 'recursion' });
        }
      }
    }
    children(st, type);
  };

  try {
    visit({ acc: undefined, frames: [], depth: 0 }, '', false);
  } finally {
    cursor.delete();
  }
  const root = tree.rootNode;
  const total = Math.max(1, root.endIndex - root.startIndex);
  functions.sort((a, b) => a.startLine - b.startLine || a.startIndex - b.startIndex);
  return {
    functions,
    codeLines: codeRows.size,
    totalLines: root.endPosition.row + (root.endPosition.column > 0 ? 1 : 0),
    errorShare: Math.min(1, errorBytes / total),
  };
}
