// Random playthroughs of the ink port, counted by ending verdict: what
// `npm run bench` (fidelity) and tests/e2e/ink-port.test.mjs compare against
// the core's exact odds. Runs inside the ink page: import('./ink-endings.js').

/**
 * Plays `runs` random playthroughs of the compiled story (JSON text) with
 * inkjs's `Story`, each with its own story seed and choices from one LCG;
 * returns { verdict: count }, the verdict being the line tagged `ending`.
 */
export function inkEndings(Story, storyJson, runs) {
  const s = new Story(storyJson);
  const counts = {};
  let x = 99;
  for (let run = 0; run < runs; run++) {
    s.ResetState();
    s.state.storySeed = (Math.imul(run + 1, 2654435761) >>> 1) % 1000000007;
    let verdict = null;
    for (;;) {
      while (s.canContinue) {
        s.Continue();
        if (s.currentTags.includes('ending')) verdict = s.currentText.trim();
      }
      const k = s.currentChoices.length;
      if (!k) break;
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      s.ChooseChoiceIndex((x >>> 8) % k);
    }
    counts[verdict] = (counts[verdict] ?? 0) + 1;
  }
  return counts;
}
