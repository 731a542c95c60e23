/**
 * The checkpoints of lessons 1–6, in one file (tslab imports files, not folders):
 *
 *     import { cp3_1, cp3_2 } from "./src/exercises/checkpoints";
 *     cp3_1.check(/* your answer *\/ "");
 *
 * Each lesson's checkpoints live in `checkpoints/lessonN.ts`; see `choice.ts` for how they are checked.
 */
export { cp1_1, cp1_2 } from "./checkpoints/lesson1";
export { cp2_1, cp2_2 } from "./checkpoints/lesson2";
export { cp3_1, cp3_2, cp3_3 } from "./checkpoints/lesson3";
export { cp4_1, cp4_2 } from "./checkpoints/lesson4";
export { cp5_1, cp5_2 } from "./checkpoints/lesson5";
export { cp6_1, cp6_2 } from "./checkpoints/lesson6";
export { cp9_1, cp9_2 } from "./checkpoints/lesson9";
export { Checkpoint, LETTERS, letterOf, multipleChoice, type Choice, type Letter, type MultipleChoiceSpec } from "./choice";
