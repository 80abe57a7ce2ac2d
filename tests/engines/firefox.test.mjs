// The smoke suite (smoke.mjs) in Firefox ESR, over WebDriver BiDi (puppeteer-core).
// Needs a display: xvfb-run -a -s '-screen 0 2800x1000x24' node --test firefox.test.mjs
import { smoke } from './smoke.mjs';

smoke('firefox');
