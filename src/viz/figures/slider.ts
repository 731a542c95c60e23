/**
 * The ε slider under a chart with one plotly frame per ε: one shared definition, so every slider in the
 * course looks and behaves the same (and works in the exported page: frames need no kernel).
 */
import type { Layout } from "../plotly-types";
import { inkColour } from "../theme";

/**
 * A slider that jumps, without animation, to the frame named by each step.
 *
 * @param frameNames - the frames' names, in slider order (shown as the step labels, e.g. "0.2")
 * @param active - the index of the step shown first
 * @returns the layout's `sliders` array
 */
export function epsilonSliders(frameNames: readonly string[], active: number): NonNullable<Layout["sliders"]> {
  return [
    {
      active,
      x: 0.02,
      len: 0.96,
      pad: { t: 40, b: 10 },
      currentvalue: { prefix: "ε = ", font: { size: 15, color: inkColour } },
      steps: frameNames.map((name) => ({
        label: name,
        method: "animate",
        args: [[name], { mode: "immediate", frame: { duration: 0, redraw: true }, transition: { duration: 0 } }],
      })),
    },
  ];
}
