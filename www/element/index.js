// @ts-check
// <agreement-guide>: an interactive, cited guide to a real agreement.
//
//   <script type="module" src="agreement-guide.js"></script>
//   <agreement-guide src="scenarios/us-china-2015.compiled.json" lang="en" seed="42"></agreement-guide>
//
// The entry point: scripts/build.sh bundles it with esbuild into
// www/agreement-guide.js, the file pages load (one file on the reader's path).
// Classroom mode (./classroom.js) and the Explore panel (./explore.js) are
// separate files beside it, loaded with import() only when used.
//
// What is where (imports point one way: element → render/engine/share → strings/dom):
//   element.js       the custom element: lifecycle, the run, clicks, focus, announcements
//   attributes.js    its attributes mirrored as properties
//   engine.js        finding and loading files: assetUrl, the wasm modules, guides (openGuide)
//   share.js         the run's token in the page's fragment (fragment.js parses it)
//   render.js        drawing the core's view: skeleton, shell, card, meters, trail, rich text
//   strings.js       the widget's own words in every language, and their formats
//   dom.js           the one el()/svg() and small DOM helpers
//   explore-host.js  opening and closing the Explore panel
//   classroom.js     prompts, team play, the hand-in code, the handout (on demand)
//   explore.js       odds, strategy lab and map (on demand)

import { AgreementGuideElement } from './element.js';
import { untilCardPainted } from './prerender.js'; // prerender: defined after the page's card is first painted

export { AgreementGuideElement };
export { STRINGS, LANGUAGE_NAMES } from './strings.js';
export { assetUrl } from './engine.js';

const painted = untilCardPainted(); // prerender: null without a card in the page
if (painted) painted.then(() => AgreementGuideElement.define());
else AgreementGuideElement.define();
