/**
 * Cognitive complexity on snippets equivalent to the SonarSource whitepaper's worked examples (written anew here;
 * totals derived by hand from the whitepaper's rules, the increments listed next to each line).
 */
import { describe, expect, it } from 'vitest';
import { measure } from '../../src/analyzers/complexity/index.js';

async function cognitive(language: string, code: string, name: string): Promise<{ total: number; reasons: string[] }> {
  const file = await measure(language, code);
  const fn = file!.functions.find((f) => f.name === name);
  if (!fn) throw new Error(`no function ${name} in ${file!.functions.map((f) => f.name).join(', ')}`);
  return { total: fn.cognitive, reasons: fn.cognitiveDetails.map((d) => `${d.line}:+${d.increment}:${d.reason}`) };
}

describe('cognitive complexity (SonarSource rules)', () => {
  it('nested loops with a labelled continue (JS): 7', async () => {
    const code = [
      'function sumPrimes(max) {',
      '  let total = 0;',
      '  outer: for (let i = 1; i <= max; ++i) {  // +1',
      '    for (let j = 2; j < i; ++j) {          // +2 (nesting 1)',
      '      if (i % j === 0) {                   // +3 (nesting 2)',
      '        continue outer;                    // +1',
      '      }',
      '    }',
      '    total += i;',
      '  }',
      '  return total;',
      '}',
    ].join('\n');
    const r = await cognitive('javascript', code, 'sumPrimes');
    expect(r.total).toBe(7);
    expect(r.reasons).toEqual(['3:+1:for_statement', '4:+2:for_statement', '5:+3:if_statement', '6:+1:continue_statement to label']);
  });

  it('a switch counts once however many cases (Java): 1', async () => {
    const code = `class W { String words(int n) {
      switch (n) {            // +1
        case 1: return "one";
        case 2: return "a couple";
        case 3: return "a few";
        default: return "lots";
      }
    } }`;
    expect((await cognitive('java', code, 'words')).total).toBe(1);
  });

  it('else if and else are hybrid increments, not nested (Go): 4 + nesting of inner if', async () => {
    const code = `package p
func grade(n int) string {
	if n > 90 { // +1
		return "A"
	} else if n > 80 { // +1
		if n > 85 { // +2 (nesting 1)
			return "B+"
		}
		return "B"
	} else { // +1
		return "C"
	}
}`;
    const r = await cognitive('go', code, 'grade');
    expect(r.total).toBe(5);
    expect(r.reasons).toEqual(['3:+1:if_statement', '5:+1:else if', '6:+2:if_statement', '10:+1:else']);
  });

  it('boolean operator sequences: one per run of like operators (Python)', async () => {
    const code = [
      'def check(a, b, c, d, e, f):',
      '    if a and b and c or d:        # if +1, and-run +1, or-run +1',
      '        return 1',
      '    x = a or b or c               # +1',
      '    y = a and b or c and d        # and, or, and: +3',
      '    return e and not (f and a)    # and +1, inner and-run behind not: +1',
    ].join('\n');
    expect((await cognitive('python', code, 'check')).total).toBe(9);
  });

  it('recursion adds one per recursive call (JS and Python)', async () => {
    expect((await cognitive('javascript', 'function fact(n) { if (n <= 1) return 1; return n * fact(n - 1); }', 'fact')).total).toBe(2);
    expect((await cognitive('python', 'def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n', 'fib')).total).toBe(3);
  });

  it('ternaries, catch and loops nest; try and finally do not (TypeScript)', async () => {
    const code = `function load(path: string, retries: number): string {
  for (let i = 0; i < retries; i++) {        // +1
    try {
      return read(path) ? 'ok' : 'empty';    // +2 (nesting 1)
    } catch (e) {                            // +2 (nesting 1)
      if (i === retries - 1) throw e;        // +3 (nesting 2)
    } finally {
      log(i);
    }
  }
  return '';
}`;
    expect((await cognitive('typescript', code, 'load')).total).toBe(8);
  });

  it('closures add nesting for their parent and are measured on their own too (JS)', async () => {
    const code = `function run(items) {
  items.forEach((item) => {   // nesting +1 for run
    if (item) {               // run: +2, arrow: +1
      console.log(item);
    }
  });
}`;
    const file = await measure('javascript', code);
    const [run, arrow] = file!.functions;
    expect(run!.name).toBe('run');
    expect(run!.cognitive).toBe(2);
    expect(arrow!.cognitive).toBe(1);
    // Named inner functions are not folded into their parent (they are reported separately).
    const named = await measure('python', 'def outer(x):\n    def inner(y):\n        if y:\n            return 1\n    return inner(x)\n');
    expect(named!.functions.map((f) => [f.name, f.cognitive])).toEqual([
      ['outer', 0],
      ['inner', 1],
    ]);
  });

  it('goto and labelled break in Go count as jumps; plain break does not', async () => {
    const code = `package p
func scan(xs []int) int {
loop:
	for _, x := range xs { // +1
		switch { // +2
		case x < 0:
			break loop // +1
		case x == 0:
			break
		}
	}
	goto done // +1
done:
	return 0
}`;
    expect((await cognitive('go', code, 'scan')).total).toBe(5);
  });
});
