/**
 * Swift closures and accessors, and Elixir else blocks. Every expected number is derived by hand from the rules in
 * src/analyzers/complexity/README.md; the derivation sits next to each expectation. Swift cyclomatic values were
 * also checked against lizard 1.24.0 (closures folded back into their enclosing function, as lizard keeps them).
 */
import { describe, expect, it } from 'vitest';
import { measure } from '../../src/analyzers/complexity/index.js';

interface Got {
  cyclomatic: number;
  cognitive: number;
  params: number;
  nesting: number;
  reasons: string[];
}

async function functionsOf(language: string, code: string): Promise<Map<string, Got[]>> {
  const file = await measure(language, code);
  const out = new Map<string, Got[]>();
  for (const f of file!.functions) {
    expect(f.lowConfidence, `${f.qualifiedName} parsed cleanly`).toBe(false);
    const got = { cyclomatic: f.cyclomatic, cognitive: f.cognitive, params: f.params, nesting: f.nesting, reasons: f.cognitiveDetails.map((d) => `${d.line}:+${d.increment}:${d.reason}`) };
    out.set(f.qualifiedName, [...(out.get(f.qualifiedName) ?? []), got]);
  }
  return out;
}

function one(fns: Map<string, Got[]>, name: string): Got {
  const list = fns.get(name);
  if (list?.length !== 1) throw new Error(`expected one ${name}, got ${list?.length ?? 0} among ${[...fns.keys()].join(', ')}`);
  return list[0]!;
}

const swift = `class Feed {
  func load(ids: [Int]) -> [Int] {
    let valid = { (id: Int, limit: Int) -> Bool in
      if id > 0 && id < limit {
        return true
      }
      return false
    }
    return ids.filter { id in valid(id, 100) }.sorted { a, b in a < b }
  }

  func render(items: [Item]) {
    items.forEach { item in
      if item.hidden {
        return
      } else if item.isNew {
        draw(item, bold: true)
      } else {
        draw(item, bold: false)
      }
    }
  }

  func wire() {
    self.onTap = { [weak self] in self?.reload() }
  }
}

struct Grid {
  var cells: [Int]
  subscript(row: Int, col: Int) -> Int {
    get { return row >= 0 ? cells[row * 8 + col] : 0 }
    set(newCell) { if newCell != 0 || row == 0 { cells[row * 8 + col] = newCell } }
  }
  var isEmpty: Bool { cells.isEmpty || cells.allSatisfy { $0 == 0 } }
}

protocol Sized {
  var size: Int { get }
  subscript(i: Int) -> Int { get }
}
`;

describe('Swift closures are functions of their own, like lambdas elsewhere', () => {
  it('counts declared closure parameters (typed, untyped, trailing) and names closures after their variable', async () => {
    const fns = await functionsOf('swift', swift);
    // `{ (id: Int, limit: Int) -> Bool in … }`: 2 declared parameters; named after `let valid`.
    expect(one(fns, 'Feed.load.valid').params).toBe(2);
    // Trailing closures `{ id in … }` and `{ a, b in … }`: 1 and 2 parameters, anonymous (argument of a call).
    expect(fns.get('Feed.load.(anonymous)')!.map((f) => f.params)).toEqual([1, 2]);
    // `{ $0 == 0 }` declares none: shorthand arguments are not declared parameters.
    expect(one(fns, 'Grid.isEmpty.(anonymous)').params).toBe(0);
    // `self.onTap = { [weak self] in … }`: a capture list is not a parameter; named after the assignment target.
    expect(one(fns, 'Feed.wire.self.onTap').params).toBe(0);
  });

  it('keeps a closure\'s decisions out of the enclosing cyclomatic count but nests its cognitive increments there', async () => {
    const fns = await functionsOf('swift', swift);
    // valid: 1 + if + && = 3. Cognitive: if +1 (nesting 0), && +1 = 2. Nesting 1 (the if).
    expect(one(fns, 'Feed.load.valid')).toMatchObject({ cyclomatic: 3, cognitive: 2, nesting: 1 });
    // load: cyclomatic 1 (the closures are measured on their own; lizard, which keeps them inline, says 3 = 1 + (3 − 1)).
    // Cognitive: the closure's if at one more nesting level +2, its && +1 = 3.
    const load = one(fns, 'Feed.load');
    expect(load).toMatchObject({ cyclomatic: 1, cognitive: 3, params: 1, nesting: 0 });
    expect(load.reasons).toEqual(['4:+2:if_statement (in closure)', '4:+1:boolean operator && (in closure)']);
  });

  it('applies if / else if / else inside a trailing closure, and lends them nested to the function', async () => {
    const fns = await functionsOf('swift', swift);
    // Closure: 1 + if + if = 3 cyclomatic. Cognitive: if +1, else if +1 (hybrid), else +1 (hybrid) = 3.
    const closure = one(fns, 'Feed.render.(anonymous)');
    expect(closure).toMatchObject({ cyclomatic: 3, cognitive: 3, params: 1, nesting: 1 });
    expect(closure.reasons).toEqual(['14:+1:if_statement', '16:+1:else if', '18:+1:else']);
    // render: cyclomatic 1 (lizard inline: 3 = 1 + (3 − 1)). Cognitive: if +2 (nesting 1), else if +1, else +1 = 4.
    expect(one(fns, 'Feed.render')).toMatchObject({ cyclomatic: 1, cognitive: 4 });
  });

  it('measures subscripts and computed accessors (lizard\'s subscript/get/set functions); protocol requirements are not functions', async () => {
    const fns = await functionsOf('swift', swift);
    // subscript: 2 parameters, no decision of its own (lizard: CCN 1, 2 params).
    expect(one(fns, 'Grid.subscript')).toMatchObject({ cyclomatic: 1, cognitive: 0, params: 2 });
    // get: 1 + ternary `?` = 2 (lizard 2); cognitive: ternary +1.
    expect(one(fns, 'Grid.subscript.get')).toMatchObject({ cyclomatic: 2, cognitive: 1, params: 0 });
    // set(newCell): 1 + if + || = 3 (lizard 3); cognitive: if +1, || +1 = 2; `newCell` is a declared parameter.
    expect(one(fns, 'Grid.subscript.set')).toMatchObject({ cyclomatic: 3, cognitive: 2, params: 1 });
    // Read-only computed property `isEmpty { … }`: 1 + || = 2; cognitive || +1 (lizard reports no function here).
    expect(one(fns, 'Grid.isEmpty')).toMatchObject({ cyclomatic: 2, cognitive: 1 });
    // `protocol Sized { var size: Int { get }; subscript(i: Int) -> Int { get } }`: declarations without a body.
    expect([...fns.keys()].filter((k) => k.startsWith('Sized'))).toEqual([]);
  });
});

const elixir = `defmodule Billing do
  def charge(user, amount) do
    if user.active do
      with {:ok, card} <- fetch_card(user),
           :ok <- check(card, amount) do
        submit(card, amount)
      else
        {:error, :expired} -> renew(user)
        _ -> :error
      end
    else
      unless amount > 0 do
        :noop
      else
        :queued
      end
    end
  end

  def sign(n) do
    if n > 0 do
      1
    else
      if n < 0 do
        -1
      else
        0
      end
    end
  end

  def classify(n) do
    cond do
      n < 0 -> :neg
      n == 0 -> :zero
      true -> :pos
    end
  end

  def safe(f) do
    try do
      f.()
    rescue
      e in RuntimeError -> e
    else
      v -> v
    end
  end

  def pick(x), do: if(x, do: 1, else: 2)
end
`;

describe('Elixir else blocks', () => {
  it('if … else, with … else and unless … else: each else is a hybrid +1, its body nested like the do body', async () => {
    const fns = await functionsOf('elixir', elixir);
    // if +1 (nesting 0); with +2 (nesting 1); with's else +1; if's else +1; unless +2 (nesting 1, inside the
    // if's else); unless's else +1 → 8. Cyclomatic: 1 + if + unless = 3 (`with` and its else clauses are not
    // decisions in the Elixir table). Nesting 2 (with / unless inside the if).
    const charge = one(fns, 'charge');
    expect(charge).toMatchObject({ cyclomatic: 3, cognitive: 8, params: 2, nesting: 2 });
    expect(charge.reasons).toEqual(['3:+1:if', '4:+2:with', '7:+1:else', '11:+1:else', '12:+2:unless', '14:+1:else']);
  });

  it('an if inside an else block is nested: Elixir has no else-if', async () => {
    const fns = await functionsOf('elixir', elixir);
    // if +1, else +1, inner if +2 (nesting 1), inner else +1 = 5. Cyclomatic 1 + 2 ifs = 3. Nesting 2.
    expect(one(fns, 'sign')).toMatchObject({ cyclomatic: 3, cognitive: 5, nesting: 2 });
  });

  it('cond, try … else and the keyword form if(x, do:, else:) add no else increment', async () => {
    const fns = await functionsOf('elixir', elixir);
    // cond +1 once, `true ->` is its default clause, not an else. Cyclomatic 1 + (3 clauses − 1) = 3.
    expect(one(fns, 'classify')).toMatchObject({ cyclomatic: 3, cognitive: 1 });
    // try +1 (a structure in the Elixir table); try's else runs when nothing was raised: not an if's else → 1.
    expect(one(fns, 'safe')).toMatchObject({ cyclomatic: 1, cognitive: 1 });
    // `if(x, do: 1, else: 2)` is Elixir's ternary: +1 like a ternary, no else increment. Cyclomatic 1 + if = 2.
    expect(one(fns, 'pick')).toMatchObject({ cyclomatic: 2, cognitive: 1 });
  });
});
