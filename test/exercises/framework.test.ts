/**
 * The exercise framework: the TODO blank, outcomes, grading helpers, problems (check / hint / solution),
 * progress, the cards and their text form, and where feedback goes (notebook or terminal).
 */
import assert from "node:assert/strict";
import { afterEach, describe, mock, test } from "node:test";
import { inspect } from "node:util";
import { KMeans } from "../../src/cluster/index";
import * as dp from "../../src/dp/models";
import { captureWarnings, InvalidInputError } from "../../src/errors";
import { expectAccountant, expectFittedModel, expectMatrix, expectPokedexSize, isRowCount, quietly } from "../../src/exercises/models";
import {
  Finding,
  Outcome,
  TODO,
  callLearnerFunction,
  closeTo,
  containsBlank,
  correct,
  defineLesson,
  expectFunction,
  expectNumber,
  expectNumberList,
  expectWholeNumber,
  fail,
  handleOf,
  hintHtml,
  hintText,
  incorrect,
  isBlank,
  matchCentroids,
  messageHtml,
  outcomeHtml,
  outcomeText,
  progress,
  progressHtml,
  progressRows,
  progressText,
  resetProgress,
  sameValuesAnyOrder,
  solutionHtml,
  solutionText,
  withinSd,
  type Verdict,
} from "../../src/exercises/index";
import { setDisplayTarget, type DisplayTarget } from "../../src/viz/display";

/** The verdict a helper ends the check with (helpers throw a Finding). */
function findingOf(fn: () => unknown): Verdict {
  try {
    fn();
  } catch (error) {
    if (error instanceof Finding) return error.verdict;
    throw error;
  }
  assert.fail("expected the helper to end the check");
}

/** Capture console.log while `fn` runs. */
function captureLog(fn: () => void): string {
  const lines: string[] = [];
  const spy = mock.method(console, "log", (...args: unknown[]) => {
    lines.push(args.map(String).join(" "));
  });
  try {
    fn();
  } finally {
    spy.mock.restore();
  }
  return lines.join("\n");
}

describe("the TODO blank", () => {
  test("prints as TODO everywhere text is made of it", () => {
    assert.equal(String(TODO), "TODO");
    assert.equal(`k = ${TODO}`, "k = TODO");
    assert.equal(JSON.stringify({ k: TODO }), '{"k":"TODO"}');
    assert.equal(inspect(TODO), "TODO");
    assert.ok(Object.isFrozen(TODO));
  });

  test("used as a number it throws an error that says what to do", () => {
    const blank: number = TODO;
    assert.throws(
      () => blank * 2,
      (e: unknown) => e instanceof InvalidInputError && e.code === "blank-used" && /replace it with your code/.test(e.message),
    );
    assert.throws(() => blank + 1, InvalidInputError);
  });

  test("isBlank: TODO, undefined and null; nothing else", () => {
    for (const v of [TODO, undefined, null]) assert.equal(isBlank(v), true, String(v));
    for (const v of [0, "", NaN, false, [], {}]) assert.equal(isBlank(v), false, inspect(v));
  });

  test("containsBlank finds TODO inside lists and plain objects, but null inside is an ordinary value", () => {
    assert.equal(containsBlank([1, TODO]), true);
    assert.equal(containsBlank({ a: [{ b: TODO }] }), true);
    assert.equal(containsBlank([1, null, undefined]), false);
    assert.equal(containsBlank({ name: "Snorlax", type2: null }), false);
    class Holder {
      value = TODO;
    }
    assert.equal(containsBlank(new Holder()), false, "class instances are not searched");
    assert.equal(containsBlank(null), true, "a null answer itself is blank");
  });
});

describe("grading helpers", () => {
  test("expectNumber passes finite numbers and explains every other shape", () => {
    assert.equal(expectNumber(3.5, "x"), 3.5);
    const list = findingOf(() => expectNumber([1, 2], "the size"));
    assert.equal(list.code, "list-not-number");
    assert.match(list.message, /a list of 2 values, but the size is one number/);
    const model = findingOf(() => expectNumber({ clusterCenters: [[0]], labels: [0] }, "the size"));
    assert.equal(model.code, "model-not-number");
    assert.match(model.message, /a whole fitted model, but the size is one number/);
    assert.match(findingOf(() => expectNumber("3", "the size")).message, /the text "3".*not text/);
    assert.match(findingOf(() => expectNumber({ a: 1 }, "the size")).message, /an object \(with a\).*not the whole object/);
    const nan = findingOf(() => expectNumber(NaN, "the size"));
    assert.equal(nan.code, "not-finite");
    assert.match(nan.message, /NaN/);
    assert.equal(findingOf(() => expectNumber(Infinity, "x")).code, "not-finite");
  });

  test("expectWholeNumber rejects fractions with the number shown", () => {
    assert.equal(expectWholeNumber(7, "k"), 7);
    const v = findingOf(() => expectWholeNumber(7.25, "the number of clusters k"));
    assert.equal(v.code, "not-whole");
    assert.match(v.message, /^The number of clusters k is a whole number, but your answer is 7\.25\./);
  });

  test("expectNumberList: lists and typed arrays; blank, partly blank, records and bad entries explained", () => {
    assert.deepEqual(expectNumberList(new Float64Array([1, 2]), "x"), [1, 2]);
    assert.equal(findingOf(() => expectNumberList([TODO, TODO], "x")).status, "not-attempted");
    assert.equal(findingOf(() => expectNumberList([1, TODO], "x")).code, "partly-blank");
    const record = findingOf(() => expectNumberList([{ weight_kg: 1 }], "the weights"));
    assert.equal(record.code, "not-a-number");
    assert.match(record.message, /Entry 0 of the weights is an object.*\.map\(\(r\) => r\.weight_kg\)/);
    assert.match(findingOf(() => expectNumberList([1, NaN], "x")).message, /Entry 1 .*NaN/);
    const one = findingOf(() => expectNumberList(5, "the inertia for each k"));
    assert.equal(one.code, "number-not-list");
    assert.match(one.message, /the number 5, one number, but the inertia for each k is a list of numbers/);
    assert.equal(findingOf(() => expectNumberList("1,2", "x")).code, "wrong-type");
  });

  test("expectFunction and callLearnerFunction: throws, TODO, undefined and results", () => {
    const result = findingOf(() => expectFunction(5, "a function"));
    assert.equal(result.code, "result-not-function");
    assert.match(result.message, /a result, not a function.*Pass the function itself/);
    assert.match(findingOf(() => expectFunction("f", "a function")).message, /pass the function itself/);
    const f = expectFunction((a: number) => a + 1, "f");
    assert.equal(callLearnerFunction(f, [1], "on 1"), 2);
    const threw = findingOf(() => callLearnerFunction(() => { throw new RangeError("bad"); }, [], "on the first pair"));
    assert.equal(threw.code, "function-threw");
    assert.match(threw.message, /threw an error on the first pair: RangeError: bad/);
    assert.equal(findingOf(() => callLearnerFunction(() => TODO, [], "x")).status, "not-attempted");
    assert.equal(findingOf(() => callLearnerFunction(() => undefined, [], "x")).code, "returned-undefined");
    assert.equal(callLearnerFunction(() => null, [], "x"), null, "null is a value the grader judges");
  });

  test("closeTo uses the larger of the absolute and relative tolerances", () => {
    assert.equal(closeTo(1 + 1e-10, 1), true);
    assert.equal(closeTo(1.001, 1), false);
    assert.equal(closeTo(1.001, 1, { abs: 0.01 }), true);
    assert.equal(closeTo(1e6 + 1, 1e6, { rel: 1e-5 }), true);
    assert.equal(closeTo(1e6 + 100, 1e6, { rel: 1e-5 }), false);
  });

  test("sameValuesAnyOrder compares sorted copies and leaves the inputs alone", () => {
    const a = [3, 1, 2];
    assert.equal(sameValuesAnyOrder(a, [1, 2, 3]), true);
    assert.deepEqual(a, [3, 1, 2]);
    assert.equal(sameValuesAnyOrder([1, 2], [1, 2, 3]), false);
    assert.equal(sameValuesAnyOrder([1, 2.1], [1, 2]), false);
  });

  test("matchCentroids matches rows one to one before comparing (cluster numbers are arbitrary)", () => {
    const m = matchCentroids([[5, 5], [0, 0], [9, 1]], [[0, 0], [9, 1], [5, 5.1]]);
    assert.deepEqual(m.order, [2, 0, 1]);
    assert.ok(Math.abs(m.maxDistance - 0.1) < 1e-12);
    // Greedy nearest matching would pair [1] with [1.4] and leave [2] with [0]: the Hungarian match does better.
    const h = matchCentroids([[1], [2]], [[1.4], [0]]);
    assert.deepEqual(h.order, [1, 0]);
    assert.equal(findingOf(() => matchCentroids([[1]], [[1], [2]])).code, "wrong-shape");
    assert.match(findingOf(() => matchCentroids([[1, 2]], [[1]])).message, /2 coordinates, expected 1/);
  });

  test("withinSd accepts z standard deviations and no more", () => {
    assert.equal(withinSd(10.39, 10, 0.1), true);
    assert.equal(withinSd(10.41, 10, 0.1), false);
    assert.equal(withinSd(10.41, 10, 0.1, 5), true);
  });
});

describe("answers that are models, matrices or accountants", () => {
  const npModel = new KMeans({ nClusters: 2, randomState: 1 }).fit([[0, 0], [0, 1], [5, 5], [5, 6]]);
  const dpModel = new dp.KMeans({ nClusters: 2, epsilon: 1, bounds: { lower: [0, 0], upper: [6, 6] }, randomState: 1 }).fit([
    [0, 0], [0, 1], [5, 5], [5, 6],
  ]);
  const asking = { use: "`dp.KMeans`", handle: "q7" };

  test("a non-private model where a DP one is asked: `non-private`, naming the DP class and the exercise's hint", () => {
    const v = findingOf(() => expectFittedModel(npModel, "the fitted DP model", asking));
    assert.equal(v.code, "non-private");
    assert.match(v.message, /non-private `KMeans`.*`dp\.KMeans`.*`q7\.hint\(\)`/);
    assert.equal(expectFittedModel(dpModel, "the fitted DP model", asking).info?.epsilon, 1);
    assert.equal(expectFittedModel(npModel, "a model").info, undefined, "without the requirement any model is read");
  });

  test("a number where a matrix is asked: `number-not-list`; a model where an accountant is asked: `model-not-accountant`", () => {
    assert.equal(findingOf(() => expectMatrix(3, "the new centres")).code, "number-not-list");
    assert.equal(findingOf(() => expectMatrix([1, 2], "the new centres")).code, "wrong-type");
    const acc = findingOf(() => expectAccountant(dpModel, "the accountant"));
    assert.equal(acc.code, "model-not-accountant");
    assert.match(acc.message, /a fitted model, but the accountant is the `BudgetAccountant`/);
  });

  test("a DP fit on the whole Pokédex without publicSize: `no-public-size`; with another size: `wrong-public-size`; with 1025: nothing", () => {
    const noisy = findingOf(() => expectPokedexSize({ value: 1031, source: "noisy-count", epsilon: 0.025 }));
    assert.equal(noisy.code, "no-public-size");
    assert.match(noisy.message, /noisy count of the rows.*`publicSize: 1025`/);
    assert.equal(findingOf(() => expectPokedexSize({ value: 251, source: "public", epsilon: 0 })).code, "wrong-public-size");
    assert.doesNotThrow(() => expectPokedexSize({ value: 1025, source: "public", epsilon: 0 }));
  });

  test("quietly: a grader's reference fit shows no warning and charges a throw-away accountant, not the learner's ledger", () => {
    const data = [[0, 0], [0, 1], [5, 5], [5, 6]];
    const options = { nClusters: 2, epsilon: 1, bounds: { lower: [0, 0], upper: [6, 6] }, randomState: 1 };
    const before = dp.getDefaultAccountant().rows().length;
    const { result, warnings } = captureWarnings(() => quietly(() => new dp.KMeans(options).fit(data)));
    assert.equal(warnings.length, 0);
    assert.equal(dp.getDefaultAccountant().rows().length, before);
    assert.ok(result.fitInfo.ledger.some(isRowCount), "no publicSize: the noisy count is on the fit's own ledger");
    // the broken variant: the same fit outside quietly warns and lands on the default ledger
    const loud = captureWarnings(() => new dp.KMeans(options).fit(data));
    assert.ok(loud.warnings.some((w) => w.code === "seeded-noise"));
    assert.equal(dp.getDefaultAccountant().rows().length, before + loud.result.fitInfo.ledger.length);
  });
});

describe("problems", () => {
  afterEach(() => resetProgress());

  let graded = 0;
  const lesson = defineLesson(98, "A test lesson");
  const q1 = lesson.problem({
    number: 1,
    title: "Twice <two>",
    hints: ["Multiply.", "By `2`."],
    solution: "const answer = 2 * 2;",
    explanation: "Because 2 × 2 = 4.",
    grade(answer) {
      graded++;
      const n = expectNumber(answer, "the answer");
      if (n === 2) fail("forgot-doubling", "You forgot to double it.");
      if (n === 99) throw new TypeError("grader bug");
      return n === 4 ? correct("Four.") : incorrect("wrong", "Not four.");
    },
  });
  const q2 = lesson.problem({ number: 2, title: "Second", hints: ["Only hint."], solution: "x", grade: () => correct() });

  test("blank answers are not attempted without running the grader", () => {
    const before = graded;
    for (const blank of [TODO, undefined, null]) {
      const o = q1.grade(blank);
      assert.equal(o.status, "not-attempted");
      assert.equal(o.code, "not-attempted");
    }
    assert.equal(graded, before);
  });

  test("verdicts become outcomes with the exercise's id and title", () => {
    const right = q1.grade(4);
    assert.ok(right instanceof Outcome);
    assert.deepEqual([right.exercise, right.title, right.status, right.code, right.message, right.correct], ["98.1", "Twice <two>", "correct", "correct", "Four.", true]);
    assert.deepEqual([q1.grade(2).code, q1.grade(2).message], ["forgot-doubling", "You forgot to double it."]);
    assert.equal(q1.grade(3).code, "wrong");
    assert.equal(q1.grade("4").code, "wrong-type");
  });

  test("correctAnswer holds the answer of the latest check while it is correct", () => {
    const quiet = mock.method(console, "log", () => {});
    try {
      q1.check(4);
      assert.equal(q1.correctAnswer, 4);
      q1.check(3);
      assert.equal(q1.correctAnswer, undefined, "a later wrong answer clears it");
    } finally {
      quiet.mock.restore();
    }
  });

  test("a grader that crashes gives an incorrect outcome naming the error, never a thrown error", () => {
    const o = q1.grade(99);
    assert.equal(o.status, "incorrect");
    assert.equal(o.code, "check-failed");
    assert.match(o.message, /TypeError: grader bug.*`q1\.hint\(\)`/);
  });

  test("check prints the outcome in a terminal, records it and returns it", () => {
    let outcome: Outcome | undefined;
    const printed = captureLog(() => (outcome = q1.check(3)));
    assert.equal(outcome?.code, "wrong");
    assert.match(printed, /^✗ Incorrect · Exercise 98\.1: Twice <two>\n {2}Not four\.\n {2}Stuck\? `q1\.hint\(\)`/);
    assert.equal(q1.lastOutcome, outcome);
  });

  test("check() without an answer says how to pass one", () => {
    const printed = captureLog(() => assert.equal(q1.check().status, "not-attempted"));
    assert.match(printed, /`q1\.check\(yourAnswer\)`/);
  });

  test("hint(level): the first by default, the next on request, the last one past the end", () => {
    assert.match(captureLog(() => q1.hint()), /Hint 1 of 2[^]*Multiply\.[^]*More: `q1\.hint\(2\)`/);
    assert.match(captureLog(() => q1.hint(2)), /Hint 2 of 2[^]*By `2`\.[^]*last hint. `q1\.solution\(\)`/);
    assert.match(captureLog(() => q1.hint(9)), /Hint 2 of 2/);
    assert.match(captureLog(() => q1.hint(0)), /Hint 1 of 2/);
    assert.match(captureLog(() => q1.hint(1.5)), /Hint 1 of 2/);
  });

  test("solution shows the code and the explanation", () => {
    const printed = captureLog(() => q1.solution());
    assert.match(printed, /Solution · Exercise 98\.1[^]*const answer = 2 \* 2;[^]*Because 2 × 2 = 4\./);
  });

  test("progress: latest status, checks with a real answer, highest hint, solution seen", () => {
    captureLog(() => {
      q1.check(TODO);
      q1.check(3);
      q1.check(4);
      q1.hint(2);
      q1.hint(1);
      q2.solution();
    });
    const rows = progressRows(98);
    assert.deepEqual(
      rows.map((r) => [r.exercise, r.status, r.attempts, r.hints, r.solutionSeen]),
      [["98.1", "correct", 2, 2, false], ["98.2", "not-checked", 0, 0, true]],
    );
    const text = captureLog(() => progress(98));
    assert.match(text, /^Lesson 98: 1 of 2 exercises correct/);
    assert.match(text, /98\.1 +Twice <two> +✓ correct +2 +2/);
    resetProgress();
    assert.equal(progressRows(98)[0]!.status, "not-checked");
  });

  test("a lesson refuses a duplicate exercise number and invalid specs", () => {
    assert.throws(() => lesson.problem({ number: 1, title: "again", hints: ["h"], solution: "s", grade: () => correct() }), /already has an exercise 1/);
    assert.throws(() => lesson.problem({ number: 0, title: "t", hints: ["h"], solution: "s", grade: () => correct() }), InvalidInputError);
    assert.throws(() => lesson.problem({ number: 5, title: "t", hints: [], solution: "s", grade: () => correct() }), /at least one hint/);
    assert.throws(() => defineLesson(-1, "x"), InvalidInputError);
    assert.deepEqual(lesson.problems.map((p) => p.id), ["98.1", "98.2"]);
  });
});

describe("cards and text", () => {
  const hostile = new Outcome("1.2", 'Title <img src=x onerror="alert(1)">', incorrect("x", "Use `a < b` & <script>alert(1)</script>"));

  test("outcome cards escape every learner-visible string and mark code", () => {
    const html = outcomeHtml(hostile);
    assert.doesNotMatch(html, /<script>|<img/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /<code[^>]*>a &lt; b<\/code>/);
    assert.match(html, /data-kind="outcome" data-exercise="1\.2" data-status="incorrect" data-code="x"/);
    assert.match(html, /✗ Incorrect/);
  });

  test("each status has its own symbol and word, in the card and in the text", () => {
    const cases: [Verdict, string][] = [
      [correct("ok"), "✓ Correct"],
      [incorrect("c", "no"), "✗ Incorrect"],
      [{ status: "not-attempted", code: "not-attempted", message: "m" }, "○ Not attempted yet"],
    ];
    for (const [verdict, label] of cases) {
      const o = new Outcome("3.1", "T", verdict);
      assert.ok(outcomeHtml(o).includes(label), label);
      assert.ok(outcomeText(o).startsWith(`${label} · Exercise 3.1: T`), label);
    }
    assert.doesNotMatch(outcomeText(new Outcome("3.1", "T", correct())), /hint\(\)/, "no pointer to hints once correct");
  });

  test("messageHtml keeps line breaks; handleOf names the variable", () => {
    assert.equal(messageHtml("a\nb"), "a<br>b");
    assert.equal(handleOf("12.3"), "q3");
  });

  test("hint and solution cards escape code", () => {
    const hint = { exercise: "1.1", title: "T", level: 1, levels: 2, text: "Try `x<y>`" };
    assert.match(hintHtml(hint), /Hint 1 of 2[^]*<code[^>]*>x&lt;y&gt;<\/code>[^]*q1\.hint\(2\)/);
    assert.match(hintText(hint), /^ℹ Hint 1 of 2 · Exercise 1\.1: T\n {2}Try `x<y>`\n {2}More: `q1\.hint\(2\)`$/);
    const solution = { exercise: "1.1", title: "T", code: "if (a < b) {\n  run();\n}" };
    assert.match(solutionHtml(solution), /<pre[^>]*><code>if \(a &lt; b\) \{\n {2}run\(\);\n\}<\/code><\/pre>/);
    assert.match(solutionText(solution), /^✎ Solution · Exercise 1\.1: T\n {2}if \(a < b\) \{\n {4}run\(\);\n {2}\}$/);
  });

  test("progress as a table and as aligned text, and when nothing is loaded", () => {
    const rows = [
      { lesson: 2, exercise: "2.1", title: "A <b>", status: "correct" as const, attempts: 1, hints: 0, solutionSeen: false },
      { lesson: 2, exercise: "2.2", title: "B", status: "incorrect" as const, attempts: 3, hints: 2, solutionSeen: true },
    ];
    const html = progressHtml(rows);
    assert.match(html, /data-correct="1" data-total="2"/);
    assert.match(html, /Lesson 2: 1 of 2 exercises correct/);
    assert.match(html, /A &lt;b&gt;/);
    const text = progressText(rows).split("\n");
    assert.equal(text[0], "Lesson 2: 1 of 2 exercises correct");
    assert.equal(text[3]!.indexOf("✓ correct"), text[4]!.indexOf("✗ incorrect"), "the status column is aligned");
    assert.match(progressText([]), /No exercises loaded/);
    assert.match(progressHtml([]), /No exercises loaded/);
  });
});

describe("inside a notebook", () => {
  // Pretend to be the tslab kernel: display.ts looks for tslab's jupyter module in the module cache.
  const fakeKernel = "/fake/node_modules/tslab/dist/jupyter.js";
  const shown: string[] = [];
  const target: DisplayTarget = { html: (h) => shown.push(h), markdown: () => {}, newDisplay: () => ({ html: () => {} }) };

  test("check, hint, solution and progress show cards, print nothing, and the outcome prints as nothing", () => {
    const lesson = defineLesson(97, "Notebook lesson");
    const q1 = lesson.problem({ number: 1, title: "T", hints: ["h"], solution: "s", grade: (a) => (a === 1 ? correct() : incorrect("no", "No.")) });
    require.cache[fakeKernel] = { exports: { lastWriteDisplayData: {} } } as NodeJS.Module;
    const previous = setDisplayTarget(target);
    try {
      let outcome: Outcome | undefined;
      const printed = captureLog(() => {
        outcome = q1.check(2);
        q1.hint();
        q1.solution();
        progress(97);
      });
      assert.equal(printed, "", "nothing on stdout: the cards carry it");
      assert.equal(shown.length, 4);
      assert.match(shown[0]!, /data-kind="outcome"[^>]*data-status="incorrect"/);
      assert.match(shown[1]!, /data-kind="hint"/);
      assert.match(shown[2]!, /data-kind="solution"/);
      assert.match(shown[3]!, /data-kind="progress"/);
      // tslab prints a cell's last value with console.log: an outcome must not repeat its card as text.
      assert.equal(inspect(outcome), "");
    } finally {
      setDisplayTarget(previous);
      delete require.cache[fakeKernel];
    }
    assert.match(inspect(q1.grade(1)), /^Outcome \{[^]*status: 'correct'/, "outside the notebook it prints its fields");
  });
});
