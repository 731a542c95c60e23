/**
 * The checkpoints inside lessons 1–6: the multiple-choice helper, and a testing table for every checkpoint
 * (right answer correct, blank not attempted, every wrong choice its own message, a non-letter and a
 * number each a specific ✗ message).
 */
import assert from "node:assert/strict";
import { describe, mock, test } from "node:test";
import { InvalidInputError } from "../../src/errors";
import * as checkpoints from "../../src/exercises/checkpoints";
import { Checkpoint, LETTERS, letterOf, multipleChoice } from "../../src/exercises/checkpoints";
import { TODO, handleOf, outcomeText, progressRows } from "../../src/exercises/index";

const all = Object.entries(checkpoints).filter((entry): entry is [string, Checkpoint] => entry[1] instanceof Checkpoint);

/** The right letter of a checkpoint, read from its solution (`cpL_N.check("x");`). */
const rightLetter = (cp: Checkpoint) => /check\("([a-d])"\)/.exec(cp.solutionCode)![1]!;

test("every lesson 1–6 has at least two checkpoints, each exported under its handle cpL_N", () => {
  for (const lesson of [1, 2, 3, 4, 5, 6]) {
    assert.ok(all.filter(([, cp]) => cp.lesson === lesson).length >= 2, `lesson ${lesson}`);
  }
  for (const [name, cp] of all) {
    assert.equal(name, `cp${cp.lesson}_${cp.number}`);
    assert.equal(cp.id, `${cp.lesson}.cp${cp.number}`);
    assert.equal(handleOf(cp.id), name, "messages name the checkpoint as the learner calls it");
  }
});

test("the right answers are spread over the letters (no 'always b')", () => {
  const letters = new Set(all.map(([, cp]) => rightLetter(cp)));
  assert.ok(letters.size >= 3, `right letters used: ${[...letters].join(", ")}`);
});

test("a checked checkpoint records its outcome but is not counted as an exercise by progress()", () => {
  const quiet = mock.method(console, "log", () => {});
  try {
    const [, cp] = all[0]!;
    const outcome = cp.check(rightLetter(cp));
    assert.equal(outcome.status, "correct");
    assert.equal(cp.lastOutcome, outcome);
  } finally {
    quiet.mock.restore();
  }
  assert.ok(!progressRows().some((r) => /cp/.test(r.exercise)));
});

for (const [name, cp] of all) {
  describe(`${name}: ${cp.title}`, () => {
    const right = rightLetter(cp);
    const labels = LETTERS.slice(0, cp.choices.length);
    const rightText = cp.choices[labels.indexOf(right as never)]!.text;

    test("the right letter is correct, however it is written; the message is the right choice's explanation", () => {
      for (const written of [right, right.toUpperCase(), `(${right})`, ` ${right}) `, `${right}.`]) {
        const o = cp.grade(written);
        assert.equal(o.status, "correct", `${JSON.stringify(written)}: ${o.message}`);
      }
      assert.equal(cp.grade(right).message, cp.choices[labels.indexOf(right as never)]!.why);
    });

    test('the blank "" (the stub) and TODO are not attempted', () => {
      for (const blank of ["", "  ", TODO, undefined]) {
        const o = cp.grade(blank);
        assert.equal(o.status, "not-attempted", o.message);
      }
      assert.match(cp.grade("").message, new RegExp(`${name}\\.check\\("a"\\)`));
    });

    for (const letter of labels.filter((l) => l !== right)) {
      test(`wrong choice (${letter}) → chose-${letter}, its own explanation, without the answer`, () => {
        const o = cp.grade(letter);
        assert.equal(o.status, "incorrect");
        assert.equal(o.code, `chose-${letter}`);
        const own = cp.choices[labels.indexOf(letter)]!.why;
        assert.ok(o.message.includes(own), "the message is this choice's own explanation");
        assert.doesNotMatch(o.message, new RegExp(`\\(${right}\\)`), "does not name the right letter");
        assert.ok(!o.message.includes(rightText), "does not quote the right choice");
        const others = labels.filter((l) => l !== letter).map((l) => cp.grade(l).message);
        assert.ok(!others.includes(o.message), "each choice has a message of its own");
      });
    }

    test("a non-letter, a number, a letter with no choice, several letters, a choice's text: each a specific ✗", () => {
      const cases: [unknown, string, RegExp][] = [
        ["yes", "not-a-letter", /the text "yes".*letter of one choice/],
        [true, "not-a-letter", /the boolean true.*letter of one choice/],
        [2, "number-not-letter", /the number 2, but the choices are labelled with letters/],
        [0.5, "number-not-letter", /letters/],
        ["z", "no-such-choice", /no choice \(z\)/],
        ["a, b", "several-choices", /Pick one choice/],
        ["a and c", "several-choices", /Pick one choice/],
        [cp.choices[0]!.text, "text-not-letter", /text of a choice/],
      ];
      for (const [answer, code, message] of cases) {
        const o = cp.grade(answer);
        assert.equal(o.status, "incorrect", `${String(answer)}: ${o.status}`);
        assert.equal(o.code, code, `${String(answer)}: ${o.message}`);
        assert.match(o.message, message);
        assert.doesNotMatch(o.message, new RegExp(`\\(${right}\\)`));
      }
    });

    test("hints do not give the answer away; the solution is the check with the right letter", () => {
      assert.ok(cp.hints.length >= 1);
      for (const h of cp.hints) {
        assert.doesNotMatch(h, new RegExp(`\\(${right}\\)|"${right}"`));
        assert.ok(!h.includes(rightText));
      }
      assert.equal(cp.solutionCode, `${name}.check("${right}");`);
      assert.ok(cp.explanation.length > 0);
    });

    test("the question renders with labelled choices", () => {
      const md = cp.markdown();
      assert.ok(md.startsWith(cp.question));
      labels.forEach((l, i) => assert.ok(md.includes(`**(${l})** ${cp.choices[i]!.text}`)));
    });
  });
}

describe("the multiple-choice helper", () => {
  const spec = {
    lesson: 9,
    number: 1,
    title: "T",
    question: "Q?",
    choices: [
      { text: "one", why: "Why one is right." },
      { text: "two", why: "Why two is wrong." },
    ],
    answer: "a" as const,
    hints: ["Think."],
  };

  test("cards name the checkpoint and point at its hint", () => {
    const cp = multipleChoice(spec);
    const text = outcomeText(cp.grade("b"));
    assert.match(text, /Checkpoint 9\.1: T/);
    assert.match(text, /`cp9_1\.hint\(\)`/);
    assert.equal(cp.grade("c").code, "no-such-choice", "only two choices: c does not exist");
  });

  test("letterOf reads one letter in the usual spellings and nothing else", () => {
    assert.deepEqual(["b", "B", "(b)", " b) ", "b."].map(letterOf), ["b", "b", "b", "b", "b"]);
    assert.deepEqual(["", "ab", "b c", "1", "bee"].map(letterOf), [undefined, undefined, undefined, undefined, undefined]);
  });

  test("invalid specs are refused with a clear error", () => {
    assert.throws(() => multipleChoice({ ...spec, choices: [spec.choices[0]!] }), InvalidInputError);
    assert.throws(() => multipleChoice({ ...spec, answer: "c" }), /not one of its choices/);
    assert.throws(() => multipleChoice({ ...spec, choices: [spec.choices[0]!, { text: "two", why: " " }] }), /explanation/);
    assert.throws(() => multipleChoice({ ...spec, hints: ['It is "a".'] }), /quotes the answer/);
  });
});
