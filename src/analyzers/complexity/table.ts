/**
 * Shape of a per-language node table (src/analyzers/complexity/languages/<lang>.json).
 * Every language-specific decision lives in those data files; the walker (walk.ts) only interprets them.
 */

/** How to find one function-like node's name and parameters. */
export interface FunctionSpec {
  /** tree-sitter node type, e.g. "function_declaration". */
  type: string;
  /**
   * Where the name is: a field name ("name"), or "<field>*" to follow that field repeatedly (C declarators)
   * and take the innermost node, or a path "a/#type/b" (field a, then its first child of type, then field b);
   * "x|y" tries each. Absent: anonymous (named from the parent via `nameFromParent`).
   */
  name?: string;
  /**
   * Where the parameter list is: a field name ("parameters"), or "<chain>*<field>" to walk a declarator chain
   * and take the first node that has <field> ("declarator*parameters"); "a|b" tries each. Absent: first child of a
   * `paramLists` type.
   */
  params?: string;
  /** Only calls whose `target` text is one of these (Elixir `def`, `defp`). */
  targets?: string[];
  /** Fixed name for nodes that have none of their own (Kotlin property accessors: "get", "set"). */
  label?: string;
  /** Count the node's own children of this type as the parameters (Swift has no parameter-list node). */
  paramChildren?: string;
  /** Anonymous functions (lambdas, closures, arrow functions): their cognitive increments also count, nested, for the enclosing function. */
  anonymous?: boolean;
  /** Only treat the node as a function when its parent has one of these types (e.g. Ruby blocks). */
  parents?: string[];
  /** Only when the node has a child of one of these types (e.g. Lua/Elixir calls that define functions). */
  requires?: string[];
  /**
   * The body is the next sibling of this type rather than a child (Dart: `function_signature` then
   * `function_body`); looked for after the node, then after its parent.
   */
  bodySibling?: string;
}

/** A decision token for cyclomatic complexity: an anonymous leaf type, optionally restricted to parent node types. */
export type DecisionToken = string | { token: string; parents: string[] };

export interface LanguageTable {
  language: string;
  /** Another table this one adds to (lists are concatenated, maps merged): typescript extends javascript. */
  extends?: string;
  functions: FunctionSpec[];
  /** Node types that name a container (class, impl, module…) for qualified names: type → name field. */
  containers?: Record<string, string>;
  /** Anonymous function named after its parent (or grandparent): parent type → field (or child type) holding the name. */
  nameFromParent?: Record<string, string>;
  /** Parameter list node types (fallback when FunctionSpec.params is absent). */
  paramLists?: string[];
  /** Named children of a parameter list that are not parameters (comments, `self` markers, punctuation nodes). */
  paramIgnore?: string[];
  /** Count each `name` field inside a parameter declaration separately (Go: `a, b int` is two parameters). */
  paramNamesField?: string;
  comments: string[];
  /** Named nodes whose whole text is one Halstead operand (strings and other literals with inner structure). */
  literals?: string[];
  cyclomatic: {
    /** Anonymous leaf tokens that add one decision each (lizard's per-language condition tokens). */
    tokens: DecisionToken[];
    /** Named node types that add one decision each (for grammars where the keyword is not a leaf). */
    nodes?: string[];
    /** Multi-way branches counted as (number of arms − 1): container type → arm type (Kotlin `when`). */
    arms?: Record<string, string>;
    /** Calls that are decisions by their target (Elixir `if`, `unless`): each adds one. */
    callDecisions?: string[];
    /** Named leaves that are decisions by their text (Scala's `operator_identifier` "&&"): type → texts. */
    namedTokens?: Record<string, string[]>;
  };
  cognitive: {
    /** +1 plus the nesting level, and nest their children: if, loops, switch, catch… */
    structures: string[];
    /** Like structures but not counted for the max-nesting metric: ternaries, conditional expressions. */
    expressions?: string[];
    /** If node types (else-if detection). */
    ifs: string[];
    /**
     * Child field of an if that holds the else branch. A child right after an `else` token is an else branch
     * too (Swift, Kotlin have no field).
     */
    alternativeField?: string;
    /** Else wrappers: +1 (hybrid); when they wrap a lone if it is an else-if (+1 for the chain, no nesting). */
    elses?: string[];
    /** Nodes that are else-if branches by themselves (elif, elsif, elseif): +1, no nesting increment. */
    elseIfs?: string[];
    /** Binary expression node types whose operator may be a boolean operator. */
    logical: string[];
    /** Boolean operator tokens: each run of like operators in one expression adds +1. */
    logicalOperators: string[];
    /** Transparent wrappers a boolean sequence continues through (parentheses). */
    logicalGroups?: string[];
    /** Always +1 (goto). */
    jumps?: string[];
    /** +1 when they carry a label (break label / continue label). */
    labeledJumps?: string[];
    /** Label node types that make a labeled jump (absent: any named child counts as the label). */
    labels?: string[];
    /** Call node types, for recursion (+1 per call to the function's own name). */
    calls?: string[];
    /** Calls that are control structures by their target (Elixir `if`, `case`, `cond`): like `structures`. */
    callStructures?: string[];
    /**
     * Call structures that branch like an if (Elixir `if`, `unless`, `with`): an `elses` node among the call's
     * children, or its block's children (`do … else … end`), is their else branch: +1 (hybrid), nested like the body.
     */
    callIfs?: string[];
  };
}
